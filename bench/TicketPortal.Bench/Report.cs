using System.Globalization;

namespace TicketPortal.Bench;

public static class Report
{
    public static void Print(string portal, BurstResult b, BaselineResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(double v) => v.ToString("0.0", inv);
        var requestRate = b.Requests / b.Seconds;
        var holdRate = HoldRate(b);
        var rawRate = r.Updates / r.Seconds;

        Console.WriteLine();
        Console.WriteLine($"on-sale burst on {portal}: HTTP POST /api/v1/tickets → Kestrel → EF Core → {r.Database} (conditional UPDATE + INSERT per hold)");
        Console.WriteLine($"  requests            {b.Requests} in {b.Seconds.ToString("0.00", inv)} s = {requestRate.ToString("0", inv)} requests/s");
        Console.WriteLine($"  holds (201)         {b.Held}, the last answered {b.LastHoldSeconds.ToString("0.00", inv)} s after the start = {holdRate.ToString("0", inv)} holds/s");
        Console.WriteLine($"  sold out (409)      {b.SoldOut}");
        Console.WriteLine($"  other responses     {b.Other}");
        Console.WriteLine($"  latency ms          min {Ms(b.LatenciesMs.Min())}  p10 {Ms(Stats.Percentile(b.LatenciesMs, 10))}  p50 {Ms(Stats.Percentile(b.LatenciesMs, 50))}  p99 {Ms(Stats.Percentile(b.LatenciesMs, 99))}  max {Ms(Stats.Max(b.LatenciesMs))}");
        Console.WriteLine($"  answered by         {b.Timeline} (holds/refusals, per 100 ms)");
        Console.WriteLine($"  held+sold in db     {b.ReservedInDb} of {b.Capacity} (ticket rows {b.TicketsInDb}) → oversold {b.Oversold}");
        Console.WriteLine($"  portal CPU          {b.PortalCpuSeconds.ToString("0.00", inv)} s in the burst = {(b.PortalCpuSeconds * 1000 / b.Requests).ToString("0.00", inv)} ms per request; warm-up (steady) {b.WarmupRequestsPerSecond.ToString("0", inv)} requests/s");
        Console.WriteLine($"  load generator CPU  {b.GeneratorCpuSeconds.ToString("0.00", inv)} s in the burst (this process)");
        Console.WriteLine($"  memory              peak working set {b.PeakWorkingSetMb} MB (portal), allocated in this process during burst {b.AllocatedMb} MB");
        Console.WriteLine();
        Console.WriteLine($"baseline: the same conditional UPDATE straight on {r.Database}, {r.Workers} connections");
        Console.WriteLine($"  updates             {r.Updates} in {r.Seconds.ToString("0.00", inv)} s = {rawRate.ToString("0", inv)} updates/s");
        Console.WriteLine($"  latency ms          p50 {Ms(Stats.Percentile(r.LatenciesMs, 50))}  p99 {Ms(Stats.Percentile(r.LatenciesMs, 99))}  max {Ms(Stats.Max(r.LatenciesMs))}");
        Console.WriteLine();
        Console.WriteLine($"ratio: portal requests/s ÷ raw updates/s = {(requestRate / rawRate).ToString("0.000", inv)}");
        Console.WriteLine($"       portal holds/s ÷ raw updates/s    = {(holdRate / rawRate).ToString("0.000", inv)}");
        Console.WriteLine(b.Oversold == 0 ? "result: 0 oversold" : $"result: OVERSOLD by {b.Oversold}");
    }

    /// <summary>Successful holds ÷ the time from the burst's start to the last successful hold's answer.</summary>
    private static double HoldRate(BurstResult b) => b.Held / Math.Max(0.001, b.LastHoldSeconds);

    public static object Figures(BurstResult b, BaselineResult r)
    {
        var raw = r.Updates / r.Seconds;
        return new
        {
            buyers = b.Requests, capacity = b.Capacity, seconds = Math.Round(b.Seconds, 3), requestsPerSecond = Math.Round(b.Requests / b.Seconds, 1),
            holdsPerSecond = Math.Round(HoldRate(b), 1), rawUpdatesPerSecond = Math.Round(raw, 1), ratioHoldsToRaw = Math.Round(HoldRate(b) / raw, 3),
            p50Ms = Stats.Round(Stats.Percentile(b.LatenciesMs, 50)), p99Ms = Stats.Round(Stats.Percentile(b.LatenciesMs, 99)),
            maxMs = Stats.Round(Stats.Max(b.LatenciesMs)), oversold = b.Oversold,
            warmupRequestsPerSecond = Math.Round(b.WarmupRequestsPerSecond, 1), portalCpuSeconds = Math.Round(b.PortalCpuSeconds, 3),
            generatorCpuSeconds = Math.Round(b.GeneratorCpuSeconds, 3),
        };
    }
}
