using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace TicketPortal.Tests.Support;

/// <summary>A .NET subscriber to /hubs/tickets, as an integrator would write one; it records what arrives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    public sealed record Received(string Topic, Guid Id, DateTime OccurredAt, JsonElement Payload, Guid EntityId, long Sequence);

    private readonly HubConnection connection;
    public ConcurrentQueue<Received> Events { get; } = new();

    private HubClient(HubConnection connection)
    {
        this.connection = connection;
        connection.On<Received>("event", e => Events.Enqueue(e));
    }

    public static Task<HubClient> ConnectAsync(PortalFactory portal, HttpClient signedIn) => ConnectAsync(portal.BaseAddress, signedIn);

    /// <summary>Connects to the portal at <paramref name="address"/> with <paramref name="signedIn"/>'s bearer token.</summary>
    public static async Task<HubClient> ConnectAsync(Uri address, HttpClient signedIn)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization?.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/tickets"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        await connection.StartAsync();
        return new HubClient(connection);
    }

    public Task SubscribeAsync(string topic, Guid? eventId = null, Guid? ticketId = null) =>
        connection.InvokeAsync("Subscribe", topic, new { eventId, ticketId });

    /// <summary>Subscribes with a filter object as a JavaScript client would send it.</summary>
    public Task SubscribeWithFilterAsync(string topic, object filter) => connection.InvokeAsync("Subscribe", topic, filter);

    public async Task<Received> WaitForAsync(Func<Received, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (Events.FirstOrDefault(match) is { } found)
                return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No matching event among {Events.Count}: {string.Join(", ", Events.Select(e => e.Topic))}");
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
