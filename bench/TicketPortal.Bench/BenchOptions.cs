namespace TicketPortal.Bench;

public sealed record BenchOptions(int Buyers, int Capacity, int Accounts, int BaselineWorkers, Deployment Deployment)
{
    public static BenchOptions Parse(string[] args) => new(BenchArgs.Number(args, "buyers", 2000), BenchArgs.Number(args, "capacity", 500),
        BenchArgs.Number(args, "accounts", 100), BenchArgs.Number(args, "baseline-workers", 16), Deployment.Parse(args));
}
