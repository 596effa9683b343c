using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Accounts;

namespace TicketPortal.Bench;

/// <param name="WarmupSeconds">How long the subscribers receive changes (from the portal, then from the bare hub)
/// before each is measured: at least WarmupSeconds (0: none), see <see cref="WarmUp"/>. None with --kafka, whose consumer
/// reads its topics from the start and would count the warm-up's events.</param>
/// <param name="Accounts">The buyer accounts that make the changes, in turn. With one account, every hold's per-buyer
/// count read that buyer's thousands of live tickets on the event, which no real buyer has (the event's per-buyer
/// limit bounds them): the holds slowed down as the run went on, measuring that count rather than the fan-out.</param>
public sealed record RealtimeOptions(int Subscribers, int Changes, int Concurrency, int WarmupSeconds, int Accounts, Deployment Deployment, bool Kafka,
    int Backlog)
{
    public static RealtimeOptions Parse(string[] args) => new(BenchArgs.Number(args, "subscribers", 1000), BenchArgs.Number(args, "changes", 200),
        BenchArgs.Number(args, "concurrency", 4), args.Contains("--kafka") ? 0 : BenchArgs.Number(args, "warmup-seconds", 15, least: 0),
        BenchArgs.Number(args, "accounts", 100), Deployment.Parse(args), args.Contains("--kafka"),
        BenchArgs.Number(args, "backlog", 1000));
}

/// <summary>What the subscribers received: the warm-up's messages are counted in one tally and the measured ones in
/// another, so none of the first is taken for the second.</summary>
internal sealed class Tally
{
    public readonly ConcurrentBag<double> LatenciesMs = [];
    public int Received;

    public void Add(JsonElement e)
    {
        LatenciesMs.Add((DateTime.UtcNow - e.GetProperty("occurredAt").GetDateTime().ToUniversalTime()).TotalMilliseconds);
        Interlocked.Increment(ref Received);
    }
}

public sealed record DeliveryResult(string Name, int Subscribers, int Messages, int Expected, double Seconds, double[] LatenciesMs, long PeakWorkingSetMb, double ProducerSeconds);

/// <summary>K subscribers on loopback and M ticket changes: commit-to-receipt latency and fan-out rate
/// through the outbox and hub, then the same fan-out of the same payloads from a bare hub.</summary>
public static class RealtimeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = RealtimeOptions.Parse(args);
        Console.WriteLine($"TicketPortal realtime fan-out: {o.Subscribers} subscribers, {o.Changes} ticket changes ({o.Concurrency} at a time, by {o.Accounts} buyers), " +
            (o.WarmupSeconds > 0 ? $"after a warm-up of {o.WarmupSeconds} s or more" : "without a warm-up"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        DeliveryResult portalResult;
        string samplePayload;
        // Before the portal starts: it reads Kafka__BootstrapServers from the environment.
        using var kafka = o.Kafka ? new KafkaTap() : null;
        await using (var portal = await IBenchTarget.StartAsync(o.Deployment))
            (portalResult, samplePayload) = await PortalAsync(portal, o, kafka);
        // The bare hub sends at the pace the portal's changes were committed, so latencies compare like with like.
        var bare = await BareHubAsync(o, samplePayload, portalResult.ProducerSeconds);

        Print(portalResult);
        Print(bare);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"ratio portal/bare: p50 latency {(P(portalResult.LatenciesMs, 50) / Math.Max(0.001, P(bare.LatenciesMs, 50))).ToString("0.00", inv)}×, " +
            $"p99 latency {(P(portalResult.LatenciesMs, 99) / Math.Max(0.001, P(bare.LatenciesMs, 99))).ToString("0.00", inv)}×, " +
            $"messages/s {(Rate(portalResult) / Rate(bare)).ToString("0.00", inv)}×");
        object Figures(DeliveryResult r) => new
        {
            p50Ms = Stats.Round(P(r.LatenciesMs, 50)), p99Ms = Stats.Round(P(r.LatenciesMs, 99)), maxMs = Stats.Round(Stats.Max(r.LatenciesMs)),
            messagesPerSecond = Math.Round(Rate(r)), delivered = r.Messages, expected = r.Expected,
        };
        await BenchJson.WriteAsync(args, new
        {
            subscribers = o.Subscribers, changes = o.Changes, portal = Figures(portalResult), bare = Figures(bare),
            ratioP50 = Math.Round(P(portalResult.LatenciesMs, 50) / Math.Max(0.001, P(bare.LatenciesMs, 50)), 2),
            ratioP99 = Math.Round(P(portalResult.LatenciesMs, 99) / Math.Max(0.001, P(bare.LatenciesMs, 99)), 2),
        });
        return portalResult.Messages == portalResult.Expected ? 0 : 1;
    }

    private static void PrintKafka((int Events, double Seconds, double[] LatenciesMs) k, int expected)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("kafka relay: commit → outbox → relay → mock broker → consumer (3 events per change: db, index, route)");
        Console.WriteLine($"  relayed            {k.Events} of {expected} in {k.Seconds.ToString("0.00", inv)} s = {(k.Events / Math.Max(0.001, k.Seconds)).ToString("0", inv)} events/s");
        Console.WriteLine($"  latency ms         p50 {P(k.LatenciesMs, 50).ToString("0.0", inv)}  p99 {P(k.LatenciesMs, 99).ToString("0.0", inv)}");
    }

    /// <summary>How fast the relay empties a backlog: the broker goes away, --backlog more changes are committed
    /// and wait in the outbox, the broker comes back, and /health's kafka backlog (read from the database) is
    /// followed down to zero. Timed at the portal, not at a consumer, whose own reconnect would blur it.</summary>
    private static async Task DrainAsync(IBenchTarget portal, KafkaTap kafka, Func<int, CancellationToken, Task> change, RealtimeOptions o)
    {
        kafka.BrokerDown();
        await Parallel.ForAsync(0, o.Backlog, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) => await change(i, ct));
        using var health = portal.Client();
        async Task<long> BacklogAsync() => (await health.GetFromJsonAsync<JsonElement>("/health")).GetProperty("checks").GetProperty("kafka")
            .GetProperty("data").GetProperty("backlog").GetInt64();
        var expected = 3 * o.Backlog;
        // Every change's events are dispatched (numbered) before they count as waiting for Kafka.
        var waiting = 0L;
        for (var deadline = DateTime.UtcNow.AddMinutes(2); (waiting = await BacklogAsync()) < expected && DateTime.UtcNow < deadline;)
            await Task.Delay(100);
        var up = Stopwatch.GetTimestamp();
        kafka.BrokerUp();
        long? firstAck = null;
        long left;
        for (var deadline = DateTime.UtcNow.AddMinutes(5); (left = await BacklogAsync()) > 0 && DateTime.UtcNow < deadline;)
        {
            if (left < waiting)
                firstAck ??= Stopwatch.GetTimestamp();
            await Task.Delay(10);
        }
        var done = Stopwatch.GetTimestamp();
        var inv = CultureInfo.InvariantCulture;
        var drainSeconds = Stopwatch.GetElapsedTime(firstAck ?? up, done).TotalSeconds;
        Console.WriteLine($"kafka backlog drain: {o.Backlog} changes committed while the broker was down ({waiting} events waiting), then the broker back");
        Console.WriteLine($"  first acknowledged {Stopwatch.GetElapsedTime(up, firstAck ?? done).TotalSeconds.ToString("0.00", inv)} s after the broker came back (the producer's reconnect backoff)");
        Console.WriteLine($"  drained            {waiting - left} events in {drainSeconds.ToString("0.00", inv)} s after that = {((waiting - left) / Math.Max(0.001, drainSeconds)).ToString("0", inv)} events/s" +
            $" ({((waiting - left) / Math.Max(0.001, Stopwatch.GetElapsedTime(up, done).TotalSeconds)).ToString("0", inv)} events/s counting the reconnect)");
    }

    private static async Task<(DeliveryResult, string)> PortalAsync(IBenchTarget portal, RealtimeOptions o, KafkaTap? kafka)
    {
        var organizerToken = await portal.OrganizerTokenAsync("organizer@realtime.bench");
        var organizer = portal.Client(organizerToken);
        const int Capacity = 100_000;
        var eventId = await BenchEvents.PublishedAsync(organizer, "Realtime bench", Capacity, Capacity);

        var tally = new Tally();
        string? sample = null;
        // With several instances the subscribers spread over them, as behind a load balancer.
        var connections = await ConnectAsync(o.Subscribers, i => new Uri(portal.Addresses[i % portal.Addresses.Count], "/hubs/tickets"), organizerToken, async c =>
        {
            c.On<JsonElement>("event", e =>
            {
                tally.Add(e);
                sample ??= e.GetRawText();
            });
            await c.InvokeAsync("Subscribe", "tickatme-ticket-service-dbevent-ticket-created", new { eventId });
        });

        var buyers = new HttpClient[o.Accounts];
        await Parallel.ForAsync(0, o.Accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            buyers[i] = portal.Client(await portal.BuyerTokenAsync($"buyer{i}@realtime.bench"), i));
        async Task ChangeAsync(int i, CancellationToken ct)
        {
            using var response = await buyers[i % buyers.Length].PostAsJsonAsync("/api/v1/tickets", new { eventId, quantity = 1 }, ct);
            response.EnsureSuccessStatusCode();
        }
        if (o.WarmupSeconds > 0)
        {
            var warm = new WarmUp(o.WarmupSeconds, watchJit: !o.Deployment.OwnProcess);
            var warmed = 0;
            // Holds last minutes: the warm-up leaves the places the measured changes (and a Kafka backlog) need.
            var budget = Capacity - o.Changes - o.Backlog - o.Concurrency;
            await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async worker =>
            {
                for (var i = worker; Volatile.Read(ref warmed) < budget && warm.Going(); i += o.Concurrency)
                {
                    await ChangeAsync(i, CancellationToken.None);
                    Interlocked.Increment(ref warmed);
                }
            }));
            Console.WriteLine($"warmed up with {warmed} changes in {warm}");
            await EndWarmUpAsync(tally, warmed * o.Subscribers);
            tally = new Tally();
        }
        var expected = o.Subscribers * o.Changes;
        var peak = 0L;
        using var sampler = new Timer(_ => peak = Math.Max(peak, portal.WorkingSetBytes()), null, 0, 50);
        kafka?.Start($"{Domain.Realtime.Topics.DefaultPrefix}-dbevent-ticket-created", "elastic-index-tickatme_ticket-created",
            $"{Domain.Realtime.Topics.DefaultPrefix}-{Domain.Tickets.TicketRouteEvents.Created}");
        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, o.Changes, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) => await ChangeAsync(i, ct));
        var producerSeconds = clock.Elapsed.TotalSeconds;
        await WaitAsync(() => Volatile.Read(ref tally.Received) >= expected, TimeSpan.FromMinutes(3));
        clock.Stop();
        await DisposeAllAsync(connections);
        if (kafka is not null)
        {
            await WaitAsync(() => kafka.Received >= 3 * o.Changes, TimeSpan.FromMinutes(2));
            PrintKafka(kafka.Result(started), 3 * o.Changes);
            await DrainAsync(portal, kafka, ChangeAsync, o);
        }
        foreach (var buyer in buyers)
            buyer.Dispose();
        return (new DeliveryResult($"portal ({portal.Description}): commit → outbox → dispatcher → hub → client", o.Subscribers, tally.Received, expected,
            clock.Elapsed.TotalSeconds, tally.LatenciesMs.ToArray(), peak / (1024 * 1024), producerSeconds), sample ?? "{}");
    }

    private sealed class BareHub : Hub;

    private static async Task<DeliveryResult> BareHubAsync(RealtimeOptions o, string samplePayload, double paceSeconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Subscribers starved of CPU for 30 s (5000 of them in this process) were dropped as timed out: 4967 of 5000 by the
        // end of a 1000-change run, their messages counted as never delivered. The portal kept all its subscribers.
        builder.Services.AddSignalR(o => o.ClientTimeoutInterval = TimeSpan.FromMinutes(2));
        await using var app = builder.Build();
        app.MapHub<BareHub>("/bare");
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        using var template = JsonDocument.Parse(samplePayload);
        var payload = template.RootElement.GetProperty("payload").Clone();

        var tally = new Tally();
        var connections = await ConnectAsync(o.Subscribers, _ => new Uri(address, "/bare"), null, c =>
        {
            c.On<JsonElement>("event", e => tally.Add(e));
            return Task.CompletedTask;
        });

        var hub = app.Services.GetRequiredService<IHubContext<BareHub>>();
        // Sends changes at the portal's pace while there are more; returns how many.
        async Task<int> SendAtPaceAsync(Func<int, bool> more)
        {
            var clock = Stopwatch.StartNew();
            var i = 0;
            for (; more(i); i++)
            {
                var due = TimeSpan.FromSeconds(paceSeconds * i / o.Changes) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                    await Task.Delay(due);
                await hub.Clients.All.SendAsync("event", new
                {
                    topic = "tickatme-ticket-service-dbevent-ticket-created", id = Guid.NewGuid(), occurredAt = DateTime.UtcNow,
                    payload, entityId = Guid.NewGuid(), sequence = 1,
                });
            }
            return i;
        }
        if (o.WarmupSeconds > 0)
        {
            var warm = new WarmUp(o.WarmupSeconds, watchJit: true);
            var warmup = await SendAtPaceAsync(_ => warm.Going());
            Console.WriteLine($"bare hub warmed up with {warmup} changes in {warm}");
            await EndWarmUpAsync(tally, warmup * o.Subscribers);
            tally = new Tally();
        }
        var expected = o.Subscribers * o.Changes;
        var peak = 0L;
        using var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64), null, 0, 50);
        var clock = Stopwatch.StartNew();
        await SendAtPaceAsync(i => i < o.Changes);
        await WaitAsync(() => Volatile.Read(ref tally.Received) >= expected, TimeSpan.FromMinutes(3));
        clock.Stop();
        await DisposeAllAsync(connections);
        await app.StopAsync();
        return new DeliveryResult("bare hub: Clients.All.SendAsync of the same payloads at the same pace", o.Subscribers, tally.Received, expected,
            clock.Elapsed.TotalSeconds, tally.LatenciesMs.ToArray(), peak / (1024 * 1024), paceSeconds);
    }

    /// <summary>When the warm-up ends: after its seconds, and then, if the code under test runs in this process, once
    /// the tiered JIT has settled (fewer than <see cref="SettledMethods"/> methods compiled between two checks, at least
    /// two seconds apart), or after four times its seconds. Without it the portal, measured first, ran its path and
    /// SignalR's in the JIT's instrumented tier (a third of the CPU went to compiling and to its profiling counters; 2300
    /// methods were compiled during the measurement after 15 s of warm-up, 325 after 45 s), and the bare hub after it met
    /// that code compiled.</summary>
    private sealed class WarmUp(int seconds, bool watchJit)
    {
        private const int SettledMethods = 50;
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Lock gate = new();
        private long compiled = JitInfo.GetCompiledMethodCount();
        private TimeSpan checkedAt;
        private bool settled, over;

        public bool Going()
        {
            lock (gate)
            {
                if (over)
                    return false;
                var now = clock.Elapsed;
                if (now - checkedAt >= Window)
                {
                    var count = JitInfo.GetCompiledMethodCount();
                    settled = count - compiled < SettledMethods;
                    (compiled, checkedAt) = (count, now);
                }
                over = now >= TimeSpan.FromSeconds(seconds) && (!watchJit || settled || now >= TimeSpan.FromSeconds(4 * seconds));
                return !over;
            }
        }

        public override string ToString() => $"{clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" +
            (watchJit ? settled ? " (the JIT settled)" : " (the JIT had not settled)" : "");
    }

    /// <summary>Waits for all of the warm-up's messages, which would otherwise be counted as measured; then a full
    /// collection, as the burst does, so that the measurement does not pay for the garbage of what ran before it.</summary>
    private static async Task EndWarmUpAsync(Tally warmUp, int messages)
    {
        if (!await WaitAsync(() => Volatile.Read(ref warmUp.Received) >= messages, TimeSpan.FromMinutes(3)))
            throw new TimeoutException($"{warmUp.Received} of the warm-up's {messages} messages arrived; the rest would have been counted as measured.");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static async Task<HubConnection[]> ConnectAsync(int count, Func<int, Uri> url, string? token, Func<HubConnection, Task> setUp)
    {
        Console.WriteLine($"connecting {count} subscribers to {url(0).AbsolutePath}…");
        var connections = new HubConnection[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var c = new HubConnectionBuilder()
                .WithUrl(url(i), options =>
                {
                    if (token is not null)
                        options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                })
                .Build();
            c.ServerTimeout = TimeSpan.FromMinutes(2); // as the bare hub's client timeout, for both hubs
            await c.StartAsync(ct);
            await setUp(c);
            connections[i] = c;
        });
        return connections;
    }

    /// <summary>Disposes the subscribers, first saying how many were still connected: a message sent to one that was
    /// dropped never arrives, and is counted as not delivered.</summary>
    private static async Task DisposeAllAsync(HubConnection[] connections)
    {
        Console.WriteLine($"  still connected    {connections.Count(c => c.State == HubConnectionState.Connected)} of {connections.Length} subscribers");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }

    /// <summary>Whether <paramref name="done"/> came true before <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        return done();
    }

    private static double Rate(DeliveryResult r) => r.Messages / r.Seconds;

    private static double P(double[] values, double p) => Stats.Percentile(values, p);

    private static void Print(DeliveryResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(r.Name);
        Console.WriteLine($"  delivered          {r.Messages} of {r.Expected} in {r.Seconds.ToString("0.00", inv)} s = {Rate(r).ToString("0", inv)} messages/s");
        Console.WriteLine($"  latency ms         p50 {P(r.LatenciesMs, 50).ToString("0.0", inv)}  p99 {P(r.LatenciesMs, 99).ToString("0.0", inv)}  max {Stats.Max(r.LatenciesMs).ToString("0.0", inv)}");
        Console.WriteLine($"  peak working set   {r.PeakWorkingSetMb} MB");
    }
}
