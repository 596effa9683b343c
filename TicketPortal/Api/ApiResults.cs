using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Domain.Common;

namespace TicketPortal.Api;

public static class ApiResults
{
    /// <summary>A domain result as the seed envelope (200) or its ProblemDetails.</summary>
    public static Results<Ok<Envelope>, ProblemHttpResult> Respond<T>(HttpContext http, Result<T> result, string dataName, string action, Func<T, object> map) =>
        result.Value is { } value
            ? TypedResults.Ok(Envelope.One(http, dataName, action, map(value)))
            : Problems.From(result.Failure!);

    /// <summary>A created object as a 201 with its Location and the seed envelope (action "create"), or its ProblemDetails.</summary>
    public static Results<Created<Envelope>, ProblemHttpResult> RespondCreated<T>(HttpContext http, Result<T> result, string dataName,
        Func<T, string> location, Func<T, object> map) =>
        result.Value is { } value
            ? TypedResults.Created(location(value), Envelope.One(http, dataName, "create", map(value), StatusCodes.Status201Created))
            : Problems.From(result.Failure!);

    public static Results<Ok<Envelope>, ProblemHttpResult> RespondList<T>(HttpContext http, Result<Page<T>> result, string dataName, Func<T, object> map) =>
        result.Value is { } page
            ? TypedResults.Ok(Envelope.List(http, dataName, "getList", page.Items.Select(map).ToList(), new PageInfo(page.PageNumber, page.PageSize, page.TotalCount)))
            : Problems.From(result.Failure!);
}
