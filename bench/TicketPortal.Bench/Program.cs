namespace TicketPortal.Bench;

/// <summary>The on-sale burst benchmark (README "Benchmarks"). Not part of the test run. Named apart from
/// the portal's Program, which WebApplicationFactory&lt;Program&gt; starts.</summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "realtime")
            return await RealtimeBench.RunAsync(args);
        if (args.FirstOrDefault() == "read")
            return await ReadBench.RunAsync(args);

        var options = BenchOptions.Parse(args);
        Console.WriteLine($"TicketPortal on-sale burst: {options.Buyers} concurrent buyers ({options.Accounts} accounts) for {options.Capacity} places");
        Console.WriteLine($"deployment: {options.Deployment.Instances} instance(s) on {options.Deployment.Provider}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

        BurstResult burst;
        string description;
        await using (var portal = await IBenchTarget.StartAsync(options.Deployment))
        {
            description = portal.Description;
            burst = await OnSaleBurst.RunAsync(portal, options);
        }
        var baseline = options.Deployment.Provider == Deployment.Postgres
            ? await RawUpdateBaseline.RunPostgresAsync(options)
            : await RawUpdateBaseline.RunAsync(options);

        Report.Print(description, burst, baseline);
        await BenchJson.WriteAsync(args, Report.Figures(burst, baseline));
        return burst.Oversold == 0 ? 0 : 1;
    }
}
