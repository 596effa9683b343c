using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;

namespace TicketPortal.Tests.Unit;

public sealed class EventRulesTests
{
    private static readonly DateTime Now = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static EventDraft ValidDraft() => new()
    {
        Title = "  Spring Concert ",
        Venue = "Main Hall",
        StartDate = Now.AddDays(10),
        Minutes = 120,
        Capacity = 200,
        Tiers = [new PriceTierDraft { Name = "Floor", Price = 30m, Currency = "eur" }, new PriceTierDraft { Name = "Balcony", Price = 45.5m, Currency = "EUR" }],
    };

    private static IEnumerable<string> Paths(EventDraft draft) => EventDraftValidator.Validate(draft, Now).Select(e => e.Path);

    [Fact]
    public void Validate_ValidDraft_HasNoErrors() => Assert.Empty(Paths(ValidDraft()));

    [Fact]
    public void Validate_EmptyDraft_NamesEveryRequiredField()
    {
        var paths = Paths(new EventDraft()).ToList();
        Assert.Equal(["title", "venue", "startDate", "minutes", "capacity", "tiers"], paths);
    }

    [Fact]
    public void Validate_StartInThePast_IsRejected()
    {
        var draft = ValidDraft();
        draft.StartDate = Now.AddMinutes(-1);
        Assert.Equal(["startDate"], Paths(draft));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(EventDraftValidator.MaxCapacity + 1)]
    public void Validate_CapacityOutOfRange_IsRejected(int capacity)
    {
        var draft = ValidDraft();
        draft.Capacity = capacity;
        Assert.Equal(["capacity"], Paths(draft));
    }

    [Fact]
    public void Validate_TierProblems_AreReportedPerTier()
    {
        var draft = ValidDraft();
        draft.Tiers.Add(new PriceTierDraft { Name = "floor", Price = 1.234m, Currency = "USD" });
        draft.Tiers.Add(new PriceTierDraft { Name = "", Price = -1m, Currency = "E1" });
        var paths = Paths(draft).ToList();
        Assert.Equal(["tiers[2].name", "tiers[2].price", "tiers[2].currency", "tiers[3].name", "tiers[3].price", "tiers[3].currency"], paths);
    }

    [Theory]
    [InlineData(0.10, false)]
    [InlineData(0.49, false)]
    [InlineData(0, true)]
    [InlineData(0.50, true)]
    [InlineData(50_000, true)]
    [InlineData(50_000.01, false)]
    public void Validate_PricesFollowStripesLimits(double price, bool valid)
    {
        var draft = ValidDraft();
        draft.Tiers = [new PriceTierDraft { Name = "Only", Price = (decimal)price, Currency = "EUR" }];
        Assert.Equal(valid, !Paths(draft).Any());
    }

    [Fact]
    public void Validate_StartMoreThanTenYearsAhead_IsRejected()
    {
        var draft = ValidDraft();
        draft.StartDate = Now.AddYears(11);
        Assert.Equal(["startDate"], Paths(draft));
    }

    [Fact]
    public void Validate_ErrorsPointAtTheObjectAFormBindsTo()
    {
        var draft = ValidDraft();
        draft.Tiers[1].Price = null;
        var error = Assert.Single(EventDraftValidator.Validate(draft, Now));
        Assert.Same(draft.Tiers[1], error.Owner);
        Assert.Equal(nameof(PriceTierDraft.Price), error.Member);
    }

    [Fact]
    public void Create_TrimsText_NormalisesCurrency_AndComputesEnd()
    {
        var e = Event.Create("org-1", ValidDraft());
        Assert.Equal("Spring Concert", e.Title);
        Assert.Equal(EventStatus.Draft, e.Status);
        Assert.All(e.Tiers, t => Assert.Equal("EUR", t.Currency));
        Assert.Equal(e.StartDate.AddMinutes(120), e.EndDate);
        Assert.Equal(200, e.Remaining);
    }

    [Fact]
    public void Create_TakesAZonelessStartAsUtc()
    {
        var draft = ValidDraft();
        draft.StartDate = new DateTime(2027, 4, 1, 19, 0, 0, DateTimeKind.Unspecified);
        var e = Event.Create("org-1", draft);
        Assert.Equal(DateTimeKind.Utc, e.StartDate.Kind);
        Assert.Equal(19, e.StartDate.Hour);
    }

    [Fact]
    public void Publish_Draft_MakesItPublished_AndIsIdempotent()
    {
        var e = Event.Create("org-1", ValidDraft());
        Assert.Null(e.Publish(Now));
        Assert.Equal(EventStatus.Published, e.Status);
        Assert.Equal(Now, e.PublishedAt);
        Assert.Null(e.Publish(Now.AddHours(1)));
        Assert.Equal(Now, e.PublishedAt);
    }

    [Fact]
    public void Publish_AfterStart_IsAConflict()
    {
        var e = Event.Create("org-1", ValidDraft());
        var failure = e.Publish(e.StartDate.AddMinutes(1));
        Assert.Equal(FailureKind.Conflict, failure?.Kind);
        Assert.Equal(EventStatus.Draft, e.Status);
    }

    [Fact]
    public void Cancelled_CannotBePublishedOrEdited()
    {
        var e = Event.Create("org-1", ValidDraft());
        Assert.Null(e.Cancel());
        Assert.Equal(FailureKind.Conflict, e.Publish(Now)?.Kind);
        Assert.Equal(FailureKind.Conflict, e.Update(ValidDraft())?.Kind);
        Assert.Equal(FailureKind.Conflict, e.Unpublish()?.Kind);
    }

    [Fact]
    public void Unpublish_ReturnsToDraft_AndHidesFromOthers()
    {
        var e = Event.Create("org-1", ValidDraft());
        e.Publish(Now);
        Assert.True(e.IsVisibleTo(null));
        Assert.Null(e.Unpublish());
        Assert.False(e.IsVisibleTo(null));
        Assert.False(e.IsVisibleTo(new Actor("someone-else", false)));
        Assert.True(e.IsVisibleTo(new Actor("org-1", false)));
        Assert.True(e.IsVisibleTo(new Actor("admin", true)));
    }

    [Fact]
    public void Update_KeepsTierIdsThatTheDraftStillNames()
    {
        var e = Event.Create("org-1", ValidDraft());
        var draft = EventDraft.From(e);
        var keptId = draft.Tiers[0].Id;
        draft.Tiers.RemoveAt(1);
        draft.Tiers.Add(new PriceTierDraft { Name = "Student", Price = 10m, Currency = "EUR" });

        Assert.Null(e.Update(draft));

        Assert.Equal(2, e.Tiers.Count);
        Assert.Contains(e.Tiers, t => t.Id == keptId && t.Name == "Floor");
        Assert.Contains(e.Tiers, t => t.Name == "Student");
        Assert.DoesNotContain(e.Tiers, t => t.Name == "Balcony");
    }
}
