using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Events;

/// <summary>A search of the public catalog: text in title, venue or description, and a start window.</summary>
public sealed record CatalogQuery(string? Search = null, DateTime? From = null, DateTime? To = null,
    int Page = 1, int PageSize = Paging.DefaultSize)
{
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = Paging.Validate(this, Page, PageSize);
        if (From is not null && To is not null && To < From)
            errors.Add(new("to", "to must not be before from.", this, nameof(To)));
        if (Search?.Length > 200)
            errors.Add(new("search", "search must be at most 200 characters.", this, nameof(Search)));
        return errors;
    }
}
