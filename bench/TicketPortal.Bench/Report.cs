using System.Globalization;

namespace TicketPortal.Bench;

public static class Report
{
    public static void Print(string portal, BurstResult b, BaselineResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(double v) => v.ToString("0.0", inv);
        var requestRate = b.Requests / b.Seconds;
        var holdRate = b.Held / b.Seconds;
        var rawRate = r.Updates / r.Seconds;

        Console.WriteLine();
        Console.WriteLine($"on-sale burst on {portal}: HTTP POST /api/v1/tickets → Kestrel → EF Core → {r.Database} (conditional UPDATE + INSERT per hold)");
        Console.WriteLine($"  requests            {b.Requests} in {b.Seconds.ToString("0.00", inv)} s = {requestRate.ToString("0", inv)} requests/s");
        Console.WriteLine($"  holds (201)         {b.Held} = {holdRate.ToString("0", inv)} holds/s");
        Console.WriteLine($"  sold out (409)      {b.SoldOut}");
        Console.WriteLine($"  other responses     {b.Other}");
        Console.WriteLine($"  latency ms          p50 {Ms(Pct(b.LatenciesMs, 50))}  p99 {Ms(Pct(b.LatenciesMs, 99))}  max {Ms(b.LatenciesMs.Max())}");
        Console.WriteLine($"  held+sold in db     {b.ReservedInDb} of {b.Capacity} (ticket rows {b.TicketsInDb}) → oversold {b.Oversold}");
        Console.WriteLine($"  memory              peak working set {b.PeakWorkingSetMb} MB (portal), allocated in this process during burst {b.AllocatedMb} MB");
        Console.WriteLine();
        Console.WriteLine($"baseline: the same conditional UPDATE straight on {r.Database}, {r.Workers} connections");
        Console.WriteLine($"  updates             {r.Updates} in {r.Seconds.ToString("0.00", inv)} s = {rawRate.ToString("0", inv)} updates/s");
        Console.WriteLine($"  latency ms          p50 {Ms(Pct(r.LatenciesMs, 50))}  p99 {Ms(Pct(r.LatenciesMs, 99))}  max {Ms(r.LatenciesMs.Max())}");
        Console.WriteLine();
        Console.WriteLine($"ratio: portal requests/s ÷ raw updates/s = {(requestRate / rawRate).ToString("0.000", inv)}");
        Console.WriteLine($"       portal holds/s ÷ raw updates/s    = {(holdRate / rawRate).ToString("0.000", inv)}");
        Console.WriteLine(b.Oversold == 0 ? "result: 0 oversold" : $"result: OVERSOLD by {b.Oversold}");
    }

    private static double Pct(double[] values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
