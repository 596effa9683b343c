using TicketPortal.Domain.Common;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Tests.Unit;

/// <summary>The line of waiting holds: places promised to buyers ahead count as gone for those behind, only while
/// they wait, and never against places that are free.</summary>
public sealed class HoldLineTests
{
    private static readonly Guid Sale = Guid.NewGuid();

    [Fact]
    public void BuyersBehindALineThatTakesTheLastPlaces_AreToldSoldOutAtOnce()
    {
        var line = new HoldLine();
        var now = new HoldLine.Standing(Remaining: 3, BuyersPlaces: 0, MaxPerBuyer: 10);

        var (first, _) = line.Join(Sale, "ann", 2, now);
        var (second, _) = line.Join(Sale, "bob", 1, now);
        var (none, soldOut) = line.Join(Sale, "cat", 1, now);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(none);
        Assert.Equal(FailureKind.Conflict, soldOut!.Kind);
        Assert.StartsWith("Sold out", soldOut.Message);
        Assert.Equal(3, line.PromisedOn(Sale));
    }

    [Fact]
    public void ARequestForMoreThanIsLeftAfterTheLine_IsToldHowManyAreLeft()
    {
        var line = new HoldLine();
        var now = new HoldLine.Standing(Remaining: 5, BuyersPlaces: 0, MaxPerBuyer: 10);
        using var first = line.Join(Sale, "ann", 3, now).Promise;

        var (_, refused) = line.Join(Sale, "bob", 4, now);

        Assert.Equal("Not enough tickets left: 2 remaining, 4 requested.", refused!.Message);
    }

    [Fact]
    public void APromiseEndsOnce_AndItsPlacesGoToTheNextBuyer()
    {
        var line = new HoldLine();
        var promise = line.Join(Sale, "ann", 1, new HoldLine.Standing(1, 0, 10)).Promise!;

        promise.Dispose();
        promise.Dispose(); // a second end changes nothing

        Assert.Equal(0, line.PromisedOn(Sale));
        // Whatever the database says now is the whole truth: a free place goes to the next buyer.
        Assert.NotNull(line.Join(Sale, "bob", 1, new HoldLine.Standing(1, 0, 10)).Promise);
    }

    [Fact]
    public void ABuyerOverTheLimit_GetsNoPromise_AndIsNotRefusedByTheLine()
    {
        var line = new HoldLine();
        using var mine = line.Join(Sale, "ann", 2, new HoldLine.Standing(100, 1, 4)).Promise;

        // 1 owned + 2 waiting + 2 more > 4: the hold itself tells the buyer about the limit, and nothing is promised.
        var (promise, soldOut) = line.Join(Sale, "ann", 2, new HoldLine.Standing(100, 1, 4));

        Assert.Null(promise);
        Assert.Null(soldOut);
        Assert.Equal(2, line.PromisedOn(Sale));
    }

    [Fact]
    public void Events_HaveLinesOfTheirOwn()
    {
        var line = new HoldLine();
        var other = Guid.NewGuid();
        using var first = line.Join(Sale, "ann", 1, new HoldLine.Standing(1, 0, 10)).Promise;

        Assert.NotNull(line.Join(other, "bob", 1, new HoldLine.Standing(1, 0, 10)).Promise);
        Assert.NotNull(line.Join(Sale, "bob", 1, new HoldLine.Standing(1, 0, 10)).SoldOut);
    }

    [Fact]
    public void WhileTheLineIsFull_NewcomersAreRefusedOnTheLastCount_ForAsLongAsItIsTrusted()
    {
        var line = new HoldLine();
        var tier = Guid.NewGuid();
        var read = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        Assert.Null(line.RefusesUnread(Sale, tier, 1, read)); // nothing read yet

        using var ahead = line.Join(Sale, "ann", 2, new HoldLine.Standing(2, 0, 10)).Promise;
        line.Saw(Sale, tier, 2, read);

        Assert.StartsWith("Sold out", line.RefusesUnread(Sale, tier, 1, read + TimeSpan.FromMilliseconds(100))!.Message);
        // Read again: once the count is older than trusted, for another tier, or when a place is left over.
        Assert.Null(line.RefusesUnread(Sale, tier, 1, read + HoldLine.Trust + TimeSpan.FromMilliseconds(1)));
        Assert.Null(line.RefusesUnread(Sale, Guid.NewGuid(), 1, read));
        Assert.Null(line.RefusesUnread(Sale, null, 1, read));
        line.Saw(Sale, tier, 3, read);
        Assert.Null(line.RefusesUnread(Sale, tier, 1, read));
        Assert.Equal("Not enough tickets left: 1 remaining, 2 requested.", line.RefusesUnread(Sale, tier, 2, read)!.Message);
    }

    [Fact]
    public void WhenTheLineEmpties_ItsLastCountIsForgotten()
    {
        var line = new HoldLine();
        var read = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var ahead = line.Join(Sale, "ann", 1, new HoldLine.Standing(1, 0, 10)).Promise!;
        line.Saw(Sale, null, 1, read);
        Assert.NotNull(line.RefusesUnread(Sale, null, 1, read));

        ahead.Dispose();
        using var again = line.Join(Sale, "bob", 1, new HoldLine.Standing(5, 0, 10)).Promise;

        // A new line: what the last one read is not used, although still recent.
        Assert.Null(line.RefusesUnread(Sale, null, 1, read));
    }
}
