using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Events;

public sealed class Event : ITimestamped
{
    private Event() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string OrganizerId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Venue { get; private set; } = "";
    public DateTime StartDate { get; private set; }
    public int Minutes { get; private set; }
    /// <summary>Stored so the catalog can filter on it; always StartDate + Minutes.</summary>
    public DateTime EndDate { get; private set; }
    public int Capacity { get; private set; }
    /// <summary>Seats held or sold. Only ever changed by a single conditional UPDATE that keeps it
    /// within <see cref="Capacity"/>, so concurrent buyers cannot oversell.</summary>
    public int Reserved { get; private set; }
    /// <summary>Places one buyer may hold or own across their live tickets of this event.</summary>
    public int MaxPerBuyer { get; private set; } = EventDraftValidator.DefaultMaxPerBuyer;
    /// <summary>Sold seat by seat from a seat map; its capacity is then the map's seat count.</summary>
    public bool IsSeated { get; private set; }
    public EventStatus Status { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public List<PriceTier> Tiers { get; private set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public int Remaining => Math.Max(0, Capacity - Reserved);
    public string Currency => Tiers.OrderBy(t => t.SortOrder).Select(t => t.Currency).FirstOrDefault() ?? "";

    public bool IsVisibleTo(Actor? actor) =>
        Status != EventStatus.Draft || (actor is not null && (actor.IsAdmin || actor.UserId == OrganizerId));

    public bool IsManagedBy(Actor actor) => actor.IsAdmin || actor.UserId == OrganizerId;

    /// <summary>Creates a draft; the caller has validated the draft with <see cref="EventDraftValidator"/>.</summary>
    public static Event Create(string organizerId, EventDraft draft)
    {
        var e = new Event { OrganizerId = organizerId, Status = EventStatus.Draft };
        e.Apply(draft);
        return e;
    }

    public Failure? Update(EventDraft draft)
    {
        if (Status is EventStatus.Cancelled or EventStatus.Ended)
            return Failure.Conflict($"A {Status.ToString().ToLowerInvariant()} event cannot be edited.");
        if (!IsSeated && draft.Capacity < Reserved)
            return Failure.Invalid([new("capacity", $"Capacity cannot go below the {Reserved} tickets already held or sold.", draft, nameof(draft.Capacity))]);
        Apply(draft);
        return null;
    }

    public Failure? Publish(DateTime now)
    {
        if (Status == EventStatus.Published)
            return null;
        if (Status != EventStatus.Draft)
            return Failure.Conflict($"A {Status.ToString().ToLowerInvariant()} event cannot be published.");
        if (StartDate <= now)
            return Failure.Conflict("An event that has already started cannot be published.");
        if (Tiers.Count == 0)
            return Failure.Conflict("An event needs at least one price tier before it is published.");
        Status = EventStatus.Published;
        PublishedAt = now;
        return null;
    }

    public Failure? Unpublish()
    {
        if (Status == EventStatus.Draft)
            return null;
        if (Status != EventStatus.Published)
            return Failure.Conflict($"A {Status.ToString().ToLowerInvariant()} event cannot be unpublished.");
        Status = EventStatus.Draft;
        return null;
    }

    public Failure? Cancel()
    {
        if (Status == EventStatus.Cancelled)
            return null;
        if (Status == EventStatus.Ended)
            return Failure.Conflict("An event that has ended cannot be cancelled.");
        Status = EventStatus.Cancelled;
        return null;
    }

    /// <summary>Sells this event by seat from now on: its capacity becomes the map's seat count. Only while
    /// nothing is held or sold, so no ticket loses its places or seats.</summary>
    public Failure? UseSeatMap(int seats)
    {
        if (Status is EventStatus.Cancelled or EventStatus.Ended)
            return Failure.Conflict($"A {Status.ToString().ToLowerInvariant()} event cannot get a new seat map.");
        if (Reserved > 0)
            return Failure.Conflict($"{Reserved} places are held or sold; a seat map can only be set before anything is sold.");
        IsSeated = true;
        Capacity = seats;
        return null;
    }

    private void Apply(EventDraft draft)
    {
        Title = draft.Title!.Trim();
        Description = draft.Description?.Trim() ?? "";
        Venue = draft.Venue!.Trim();
        StartDate = draft.StartDate!.Value.AsUtc();
        Minutes = draft.Minutes!.Value;
        EndDate = StartDate.AddMinutes(Minutes);
        if (!IsSeated)
            Capacity = draft.Capacity!.Value;
        MaxPerBuyer = draft.MaxPerBuyer ?? EventDraftValidator.DefaultMaxPerBuyer;

        // Keep tiers that the draft still names by id, so their ids stay stable for tickets.
        var kept = new List<PriceTier>();
        for (var i = 0; i < draft.Tiers.Count; i++)
        {
            var input = draft.Tiers[i];
            var tier = Tiers.FirstOrDefault(t => input.Id is not null && t.Id == input.Id) ?? new PriceTier();
            tier.Name = input.Name!.Trim();
            tier.Price = input.Price!.Value;
            tier.Currency = input.Currency!.Trim().ToUpperInvariant();
            tier.SortOrder = i;
            kept.Add(tier);
        }
        Tiers.RemoveAll(t => !kept.Contains(t));
        foreach (var tier in kept.Where(t => !Tiers.Contains(t)))
            Tiers.Add(tier);
    }
}
