using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Events;

/// <summary>A page of an organizer's own events (admins: all), optionally filtered by text in title or venue
/// and sorted by one column.</summary>
public sealed record ManagedEventsQuery(string? Search = null, int Page = 1, int PageSize = Paging.DefaultSize,
    string? SortBy = null, bool Descending = false)
{
    public const string ByStartDate = "startDate";
    public const string ByTitle = "title";
    public const string ByStatus = "status";
    public const string ByCapacity = "capacity";

    private static readonly string[] Sorts = [ByStartDate, ByTitle, ByStatus, ByCapacity];

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = Paging.Validate(this, Page, PageSize);
        if (Search?.Length > 200)
            errors.Add(new("search", "search must be at most 200 characters.", this, nameof(Search)));
        if (SortBy is not null && !Sorts.Contains(SortBy))
            errors.Add(new("sortBy", $"sortBy must be one of {string.Join(", ", Sorts)}.", this, nameof(SortBy)));
        return errors;
    }
}
