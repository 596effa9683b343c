namespace TicketPortal.Domain.Common;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount);

public static class Paging
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;
    public const int MaxPage = 100_000;

    /// <summary>Checks a page request; owner is the query object the numbers came from.</summary>
    public static List<FieldError> Validate(object owner, int page, int pageSize)
    {
        var errors = new List<FieldError>();
        if (page is < 1 or > MaxPage)
            errors.Add(new("page", $"page must be between 1 and {MaxPage}.", owner, "Page"));
        if (pageSize is < 1 or > MaxSize)
            errors.Add(new("pageSize", $"pageSize must be between 1 and {MaxSize}.", owner, "PageSize"));
        return errors;
    }
}
