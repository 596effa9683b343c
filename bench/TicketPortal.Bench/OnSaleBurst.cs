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
public sealed record BurstResult(int Requests, int Held, int SoldOut, int Other, double Seconds, double LastHoldSeconds, double[] LatenciesMs,
    int ReservedInDb, int TicketsInDb, int Capacity, long PeakWorkingSetMb, long AllocatedMb)
{
    public int Oversold => Math.Max(0, Math.Max(ReservedInDb, TicketsInDb) - Capacity);
}

/// <summary>N buyers press "buy" at the same moment for an event with fewer places than buyers.</summary>
public static class OnSaleBurst
{
    public static async Task<BurstResult> RunAsync(IBenchTarget portal, BenchOptions o)
    {
        var organizer = portal.Client(await portal.OrganizerTokenAsync("organizer@bench.test"));
        var created = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = "Bench on-sale", venue = "Loopback Arena", startDate = DateTime.UtcNow.AddDays(10), minutes = 120, capacity = o.Capacity,
            maxPerBuyer = o.Capacity, // the burst measures inventory, not the per-buyer limit
            tiers = new[] { new { name = "General", price = 10m, currency = "EUR" } },
        });
        created.EnsureSuccessStatusCode();
        var eventId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event").GetProperty("id").GetString();
        (await organizer.PostAsync($"/api/v1/events/{eventId}/publish", null)).EnsureSuccessStatusCode();

        Console.WriteLine($"preparing {o.Accounts} buyer accounts…");
        var tokens = new string[o.Accounts];
        await Parallel.ForAsync(0, o.Accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            tokens[i] = await portal.BuyerTokenAsync($"buyer{i}@bench.test"));
        // With several instances each account's requests go to one of them in turn, as behind a load balancer.
        var clients = tokens.Select((t, i) => portal.Client(t, i)).ToArray();

        // Warm the path (JIT, connection pools) on another event so the burst measures steady code.
        await WarmUpAsync(organizer, clients);

        var body = JsonContent.Create(new { eventId, quantity = 1 });
        await body.LoadIntoBufferAsync();
        var payload = await body.ReadAsStringAsync();
        var latencies = new double[o.Buyers];
        var answeredAt = new double[o.Buyers];
        var statuses = new HttpStatusCode[o.Buyers];
        using var gate = new SemaphoreSlim(0);
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var peak = 0L;
        using var sampler = new Timer(_ => peak = Math.Max(peak, portal.WorkingSetBytes()), null, 0, 50);

        var clock = new Stopwatch();
        var tasks = Enumerable.Range(0, o.Buyers).Select(async i =>
        {
            await gate.WaitAsync();
            var started = Stopwatch.GetTimestamp();
            using var response = await clients[i % clients.Length].PostAsync("/api/v1/tickets",
                new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            answeredAt[i] = clock.Elapsed.TotalSeconds;
            statuses[i] = response.StatusCode;
        }).ToArray();
        clock.Start();
        gate.Release(o.Buyers);
        await Task.WhenAll(tasks);
        clock.Stop();

        var (reserved, tickets) = await portal.CountAsync(Guid.Parse(eventId!));

        return new BurstResult(o.Buyers,
            statuses.Count(s => s == HttpStatusCode.Created), statuses.Count(s => s == HttpStatusCode.Conflict),
            statuses.Count(s => s is not (HttpStatusCode.Created or HttpStatusCode.Conflict)),
            clock.Elapsed.TotalSeconds, statuses.Select((s, i) => s == HttpStatusCode.Created ? answeredAt[i] : 0).DefaultIfEmpty().Max(),
            latencies, reserved, tickets, o.Capacity,
            peak / (1024 * 1024), (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024));
    }

    private static async Task WarmUpAsync(HttpClient organizer, HttpClient[] clients)
    {
        var created = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = "Warm-up", venue = "Loopback Arena", startDate = DateTime.UtcNow.AddDays(10), minutes = 60, capacity = 100_000, maxPerBuyer = 100_000,
            tiers = new[] { new { name = "General", price = 10m, currency = "EUR" } },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event").GetProperty("id").GetString();
        await organizer.PostAsync($"/api/v1/events/{id}/publish", null);
        await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync("/api/v1/tickets", new { eventId = id, quantity = 1 })));
    }
}
