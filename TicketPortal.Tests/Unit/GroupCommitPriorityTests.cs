using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Unit;

/// <summary>The group commit's thread runs at the nice value it is given (Linux, as the portal's hosts): a lower priority is always allowed,
/// so the test asks for one, and the kernel's own account of the thread says whether it took.</summary>
public sealed class GroupCommitPriorityTests
{
    [Fact]
    public async Task TheLoopThread_RunsAtTheNiceValueItIsGiven()
    {
        await using var group = new GroupCommit(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            NullLogger<GroupCommit>.Instance, nice: 7);
        var nice = await WaitForAsync(() => Threads().Where(t => t.Name == "Group commit").Select(t => t.Nice).Contains(7));
        Assert.True(nice, "no thread named 'Group commit' runs at nice 7: " + string.Join(", ", Threads().Select(t => $"{t.Name}={t.Nice}")));
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
            await Task.Delay(20);
        return condition();
    }

    // /proc/self/task/<tid>/stat: "tid (name) state …", the nice value the 19th field.
    private static IEnumerable<(string Name, int Nice)> Threads()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
            var fields = stat[(close + 2)..].Split(' ');
            yield return (stat[(open + 1)..close], int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
