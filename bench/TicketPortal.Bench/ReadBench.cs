using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TicketPortal.Bench;

/// <summary>WarmupSeconds: how long each target is loaded before it is measured. The portal's read settles only
/// after about half a minute of load on this 2-core machine (tiered JIT compiling its deeper path in the
/// background): 2000 requests of warm-up measured 1221 requests/s, 8 s 1679, 30 s 2988.</summary>
public sealed record ReadOptions(int Requests, int Concurrency, int WarmupSeconds, Deployment Deployment)
{
    public static ReadOptions Parse(string[] args) =>
        new(BenchArgs.Number(args, "requests", 20_000), BenchArgs.Number(args, "concurrency", 16), BenchArgs.Number(args, "warmup-seconds", 30),
            Deployment.Parse(args));
}

public sealed record ReadResult(double Rps, double[] LatenciesMs);

/// <summary>`read`: GET /api/v1/tickets/{id} by its holder (bearer token, the database, the envelope), against a
/// bare minimal-API endpoint in this process with the same bearer-token authentication returning a JSON body of
/// the same size, at the same concurrency, in the same run.</summary>
public static class ReadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = ReadOptions.Parse(args);
        Console.WriteLine($"TicketPortal REST read: {o.Requests} × GET /api/v1/tickets/{{id}}, {o.Concurrency} at a time, after {o.WarmupSeconds} s of warm-up");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        ReadResult portalResult;
        string body;
        string description;
        await using (var portal = await IBenchTarget.StartAsync(o.Deployment))
        {
            description = portal.Description;
            var (clients, path) = await TicketAsync(portal);
            body = await clients[0].GetStringAsync(path);
            portalResult = await LoadAsync(i => clients[i % clients.Length], path, o);
        }
        var bare = await BareAsync(body, o);

        var inv = CultureInfo.InvariantCulture;
        void Print(string name, ReadResult r)
        {
            Console.WriteLine();
            Console.WriteLine(name);
            Console.WriteLine($"  throughput         {r.Rps.ToString("0", inv)} requests/s");
            Console.WriteLine($"  latency ms         p50 {Stats.Percentile(r.LatenciesMs, 50).ToString("0.00", inv)}  p99 {Stats.Percentile(r.LatenciesMs, 99).ToString("0.00", inv)}");
        }
        Print($"portal ({description}): GET /api/v1/tickets/{{id}}, {body.Length} bytes of JSON", portalResult);
        Print("bare minimal API: the same bearer-token authentication, the same JSON (serialized per request)", bare);
        var ratio = portalResult.Rps / bare.Rps;
        Console.WriteLine();
        Console.WriteLine($"ratio portal/bare: throughput {ratio.ToString("0.00", inv)}×");
        await BenchJson.WriteAsync(args, new
        {
            portalRps = Math.Round(portalResult.Rps, 1), bareRps = Math.Round(bare.Rps, 1), ratio = Math.Round(ratio, 3),
            portalP50Ms = Stats.Round(Stats.Percentile(portalResult.LatenciesMs, 50)), portalP99Ms = Stats.Round(Stats.Percentile(portalResult.LatenciesMs, 99)),
            bareP50Ms = Stats.Round(Stats.Percentile(bare.LatenciesMs, 50)), bareP99Ms = Stats.Round(Stats.Percentile(bare.LatenciesMs, 99)),
        });
        return 0;
    }

    /// <summary>A held ticket and clients of its holder (one per instance); returns them and the ticket's path.</summary>
    private static async Task<(HttpClient[] Clients, string Path)> TicketAsync(IBenchTarget portal)
    {
        var organizer = portal.Client(await portal.OrganizerTokenAsync("organizer@read.bench"));
        var eventId = await BenchEvents.PublishedAsync(organizer, "Read bench", 100, 10);
        var token = await portal.BuyerTokenAsync("buyer@read.bench");
        var clients = portal.Addresses.Select((_, i) => portal.Client(token, i)).ToArray();
        var hold = await clients[0].PostAsJsonAsync("/api/v1/tickets", new { eventId, quantity = 2 });
        hold.EnsureSuccessStatusCode();
        var ticketId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetString();
        return (clients, $"/api/v1/tickets/{ticketId}");
    }

    /// <summary>A warm-up of <see cref="ReadOptions.WarmupSeconds"/>, then <see cref="ReadOptions.Requests"/> GETs, <see cref="ReadOptions.Concurrency"/> at a time.</summary>
    private static async Task<ReadResult> LoadAsync(Func<int, HttpClient> client, string path, ReadOptions o)
    {
        async Task RunAsync(int count, double[]? latencies, TimeSpan? warmup = null)
        {
            var next = -1;
            var until = warmup is { } w ? Stopwatch.GetTimestamp() + (long)(w.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
            await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async worker =>
            {
                for (var i = Interlocked.Increment(ref next); i < count && Stopwatch.GetTimestamp() < until; i = Interlocked.Increment(ref next))
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client(worker).GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    response.EnsureSuccessStatusCode();
                    if (latencies is not null)
                        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }));
        }
        await RunAsync(int.MaxValue, null, TimeSpan.FromSeconds(o.WarmupSeconds));
        var measured = new double[o.Requests];
        var clock = Stopwatch.StartNew();
        await RunAsync(o.Requests, measured);
        return new ReadResult(o.Requests / clock.Elapsed.TotalSeconds, measured);
    }

    private static async Task<ReadResult> BareAsync(string body, ReadOptions o)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        using var document = JsonDocument.Parse(body);
        var payload = document.RootElement.Clone();
        app.MapPost("/token", () => TypedResults.SignIn(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, "buyer@read.bench")], IdentityConstants.BearerScheme)),
            authenticationScheme: IdentityConstants.BearerScheme));
        app.MapGet("/api/v1/tickets/{id:guid}", (Guid id) => TypedResults.Ok(payload)).RequireAuthorization();
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        using var anonymous = IBenchTarget.NewClient(address, null);
        var token = (await (await anonymous.PostAsync("/token", null)).Content.ReadFromJsonAsync<AccessTokenResponse>())!.AccessToken;
        using var client = IBenchTarget.NewClient(address, token);
        var result = await LoadAsync(_ => client, $"/api/v1/tickets/{Guid.NewGuid()}", o);
        await app.StopAsync();
        return result;
    }
}
