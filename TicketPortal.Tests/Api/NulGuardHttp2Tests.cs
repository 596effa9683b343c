using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Api;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary><see cref="NulGuard"/> looks at a body where the server keeps it, which over HTTP/2 is the stream's own
/// pipe: the guard must refuse NUL there too, and leave a clean body whole for binding, also when its second half comes
/// a moment after its first. (The portal's other tests speak HTTP/1.1.)</summary>
public sealed class NulGuardHttp2Tests
{
    public sealed record Note(string Text);

    [Theory]
    [InlineData(0)]
    [InlineData(24 * 1024)]
    public async Task OverHttp2_ABodySentInTwoParts_IsScanned_AndStillBinds(int padding)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<NulGuard>();
        app.MapPost("/api/notes", (Note note) => TypedResults.Ok(note.Text.Length));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address), DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        HttpContent Body(string text) => new InTwoParts(Encoding.UTF8.GetBytes(new string(' ', padding) + JsonSerializer.Serialize(new { text })));

        var refused = await client.PostAsync("/api/notes", Body("a\0b"));
        var bound = await client.PostAsync("/api/notes", Body(new string('x', 1000)));

        Assert.Equal(HttpVersion.Version20, refused.Version);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("NUL", (await refused.BodyAsync()).GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        Assert.Equal("1000", await bound.Content.ReadAsStringAsync());
    }

    /// <summary>A JSON body of known length whose second half follows its first a moment later.</summary>
    private sealed class InTwoParts : HttpContent
    {
        private readonly byte[] body;

        public InTwoParts(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(100);
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
