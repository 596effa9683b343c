using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;

namespace TicketPortal.Bench;

/// <param name="LastHoldSeconds">From the burst's start to the answer of its last successful hold.</param>
/// <param name="WarmupRequestsPerSecond">The steady rate of the warm-up: every client holding and being told "sold out"
/// in turn, one request after the other.</param>
/// <param name="PortalCpuSeconds">CPU time the portal used during the burst (<see cref="IBenchTarget.ProcessorTime"/>).</param>
/// <param name="GeneratorCpuSeconds">CPU time this process used during the burst: the load generator's, and the portal's
/// too when it runs in this process.</param>
public sealed record BurstResult(int Requests, int Held, int SoldOut, int Other, double Seconds, double LastHoldSeconds, double[] LatenciesMs,
    int ReservedInDb, int TicketsInDb, int Capacity, long PeakWorkingSetMb, long AllocatedMb, double WarmupRequestsPerSecond, double PortalCpuSeconds,
    double GeneratorCpuSeconds, string Timeline)
{
    public int Oversold => Math.Max(0, Math.Max(ReservedInDb, TicketsInDb) - Capacity);
}

/// <summary>N buyers press "buy" at the same moment for an event with fewer places than buyers.</summary>
public static class OnSaleBurst
{
    public static async Task<BurstResult> RunAsync(IBenchTarget portal, BenchOptions o)
    {
        var organizer = portal.Client(await portal.OrganizerTokenAsync("organizer@bench.test"));
        // maxPerBuyer = capacity: the burst measures inventory, not the per-buyer limit.
        var eventId = await BenchEvents.PublishedAsync(organizer, "Bench on-sale", o.Capacity, o.Capacity, minutes: 120);

        Console.WriteLine($"preparing {o.Accounts} buyer accounts…");
        var tokens = new string[o.Accounts];
        await Parallel.ForAsync(0, o.Accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            tokens[i] = await portal.BuyerTokenAsync($"buyer{i}@bench.test"));
        // With several instances each account's requests go to one of them in turn, as behind a load balancer.
        var clients = tokens.Select((t, i) => portal.Client(t, i)).ToArray();

        // Warm the path (tiered JIT, connection pools) on other events so the burst measures steady code.
        Console.WriteLine($"warming the hold path for {o.WarmupSeconds} s…");
        var warmupRate = await WarmUpAsync(organizer, clients, TimeSpan.FromSeconds(o.WarmupSeconds));
        await RehearseAsync(organizer, portal, tokens, o);

        // Buyers wait on the event's page before the sale opens, so their browsers' connections are open when they
        // press "buy": every buyer reads the event at once first. Without it the burst measured the client opening
        // 2000 TCP connections (the first answer came after 220 ms).
        using var buyers = await OpenBuyersAsync(portal, tokens, o.Buyers);
        var reads = await buyers.SendAllAsync(Requests(buyers, i => buyers.Request(i, "GET", $"/api/v1/events/{eventId}", tokens[i % tokens.Length])));
        if (reads.Statuses.FirstOrDefault(s => s != (int)HttpStatusCode.OK) is var failed and not 0)
            throw new InvalidOperationException($"A buyer's read of the event was answered {failed}.");
        // They read it a moment before the sale opens, not in the same instant: without this pause the tiered JIT
        // compiled the read's hot methods (those 2000 reads are thousands of calls) during the burst that followed.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var hold = HoldRequests(buyers, tokens, eventId);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var peak = 0L;
        using var sampler = new Timer(_ => peak = Math.Max(peak, portal.WorkingSetBytes()), null, 0, 50);

        var cpuBefore = portal.ProcessorTime();
        var generatorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (statusCodes, latencies, answeredAt) = await buyers.SendAllAsync(hold);
        var cpu = portal.ProcessorTime() - cpuBefore;
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpuBefore;
        var statuses = statusCodes.Select(s => (HttpStatusCode)s).ToArray();

        var (reserved, tickets) = await portal.CountAsync(Guid.Parse(eventId!));

        return new BurstResult(o.Buyers,
            statuses.Count(s => s == HttpStatusCode.Created), statuses.Count(s => s == HttpStatusCode.Conflict),
            statuses.Count(s => s is not (HttpStatusCode.Created or HttpStatusCode.Conflict)),
            answeredAt.Max(), statuses.Select((s, i) => s == HttpStatusCode.Created ? answeredAt[i] : 0).DefaultIfEmpty().Max(),
            latencies, reserved, tickets, o.Capacity,
            peak / (1024 * 1024), (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024), warmupRate, cpu.TotalSeconds,
            generatorCpu.TotalSeconds, Timeline(answeredAt, statuses));
    }

    /// <summary>Holds and refusals answered in each tenth of a second: "0.1s 12/0" is 12 holds and no refusal.</summary>
    private static string Timeline(double[] answeredAt, HttpStatusCode[] statuses)
    {
        var slots = (int)(answeredAt.Max() * 10) + 1;
        var (held, refused) = (new int[slots], new int[slots]);
        for (var i = 0; i < answeredAt.Length; i++)
            (statuses[i] == HttpStatusCode.Created ? held : refused)[(int)(answeredAt[i] * 10)]++;
        return string.Join("  ", Enumerable.Range(0, slots).Select(s =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(s + 1) / 10.0:0.0}s {held[s]}/{refused[s]}")));
    }

    /// <summary>On-sales like the burst (as many buyers, a quarter of the places), a few times, so that the burst too
    /// meets compiled code. The steady warm-up alone left the burst's own path (a line forming, buyers told "sold out"
    /// by the line, thousands of requests at once) to the tiered JIT: measured in-process with <c>JitInfo</c>, 1549
    /// methods and 1.35 s of compiling during a burst of 1.5-2.3 s on 2 cores; after these rounds, 600-700 methods
    /// and 0.4-0.75 s, among them the benchmark's own code and DbContexts made past the pool's size.</summary>
    private static async Task RehearseAsync(HttpClient organizer, IBenchTarget portal, string[] tokens, BenchOptions o)
    {
        const int Rounds = 5;
        var capacity = Math.Max(1, o.Capacity / 4);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        using (var buyers = await OpenBuyersAsync(portal, tokens, o.Buyers))
        {
            for (var round = 0; round < Rounds; round++)
            {
                var eventId = await BenchEvents.PublishedAsync(organizer, $"Rehearsal {round + 1}", capacity, capacity, minutes: 120);
                await buyers.SendAllAsync(HoldRequests(buyers, tokens, eventId));
            }
        }
        // The tiered JIT compiles in the background, a moment after the calls that make a method hot.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Console.WriteLine($"rehearsed the on-sale {Rounds} times: {o.Buyers} buyers for {capacity} places each" +
                          $" ({System.Runtime.JitInfo.GetCompiledMethodCount() - compiled} methods compiled in this process meanwhile)");
    }

    /// <summary>Buyer i signs in as account i modulo the accounts, and with several instances goes to that account's
    /// instance, as the warm-up's clients do.</summary>
    private static Task<RawBuyers> OpenBuyersAsync(IBenchTarget portal, string[] tokens, int count) =>
        RawBuyers.OpenAsync(count, i => portal.Addresses[i % tokens.Length % portal.Addresses.Count]);

    private static byte[][] Requests(RawBuyers buyers, Func<int, byte[]> request) =>
        Enumerable.Range(0, buyers.Count).Select(request).ToArray();

    /// <summary>Every buyer asks for one place of the event.</summary>
    private static byte[][] HoldRequests(RawBuyers buyers, string[] tokens, string eventId)
    {
        var body = JsonSerializer.Serialize(new { eventId, quantity = 1 });
        return Requests(buyers, i => buyers.Request(i, "POST", "/api/v1/tickets", tokens[i % tokens.Length], body));
    }

    /// <summary>Every client in turn holds a place of a large event and asks for one of a sold-out event, for as long
    /// as <paramref name="duration"/>: both answers the burst gives, each taken thousands of times. Returns requests/s.</summary>
    private static async Task<double> WarmUpAsync(HttpClient organizer, HttpClient[] clients, TimeSpan duration)
    {
        var open = await BenchEvents.PublishedAsync(organizer, "Warm-up", 100_000, 100_000);
        var soldOut = await BenchEvents.PublishedAsync(organizer, "Warm-up, sold out", 1, 1);
        (await clients[0].PostAsJsonAsync("/api/v1/tickets", new { eventId = soldOut, quantity = 1 })).EnsureSuccessStatusCode();
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var rounds = 0;
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            for (var n = i; Stopwatch.GetTimestamp() < until; n++)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/tickets", new { eventId = n % 2 == 0 ? open : soldOut, quantity = 1 });
                Interlocked.Increment(ref rounds);
            }
        }));
        var rate = rounds / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"warm-up: {rounds} holds asked for in {duration.TotalSeconds:F0} s = {rate:F0} requests/s from {clients.Length} clients");
        return rate;
    }
}
