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
}
