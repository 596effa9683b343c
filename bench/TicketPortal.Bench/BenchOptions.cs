namespace TicketPortal.Bench;

public sealed record BenchOptions(int Buyers, int Capacity, int Accounts, int BaselineWorkers, Deployment Deployment)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
        }
        return new BenchOptions(Get("buyers", 2000), Get("capacity", 500), Get("accounts", 100), Get("baseline-workers", 16), Deployment.Parse(args));
    }
}
