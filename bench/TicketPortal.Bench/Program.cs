namespace TicketPortal.Bench;

/// <summary>The on-sale burst benchmark (README "Benchmarks"). Not part of the test run. Named apart from
/// the portal's Program, which WebApplicationFactory&lt;Program&gt; starts.</summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "realtime")
            return await RealtimeBench.RunAsync(args);

        var options = BenchOptions.Parse(args);
        Console.WriteLine($"TicketPortal on-sale burst: {options.Buyers} concurrent buyers ({options.Accounts} accounts) for {options.Capacity} places");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

        BurstResult burst;
        await using (var portal = await BenchPortal.StartAsync())
            burst = await OnSaleBurst.RunAsync(portal, options);
        var baseline = await RawUpdateBaseline.RunAsync(options);

        Report.Print(options, burst, baseline);
        return burst.Oversold == 0 ? 0 : 1;
    }
}
