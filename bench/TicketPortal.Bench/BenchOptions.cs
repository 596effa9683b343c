namespace TicketPortal.Bench;

/// <summary>WarmupSeconds: how long the hold path (a hold that succeeds, one that finds the event sold out) is loaded
/// before the burst, so the burst meets the code as a portal that has been serving meets it, not freshly jitted.</summary>
public sealed record BenchOptions(int Buyers, int Capacity, int Accounts, int BaselineWorkers, int WarmupSeconds, Deployment Deployment)
{
    public static BenchOptions Parse(string[] args) => new(BenchArgs.Number(args, "buyers", 2000), BenchArgs.Number(args, "capacity", 500),
        BenchArgs.Number(args, "accounts", 100), BenchArgs.Number(args, "baseline-workers", 16), BenchArgs.Number(args, "warmup-seconds", 30),
        Deployment.Parse(args));
}
