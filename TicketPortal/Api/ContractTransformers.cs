using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace TicketPortal.Api;

/// <summary>What a client generator needs of every operation: a stable operationId (the tag and the handler's name, or
/// the method and path for handlers without a name) and the ProblemDetails answers the route can give.</summary>
public sealed class OperationContractTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (string.IsNullOrEmpty(operation.Summary) && AuthSummaries.TryGetValue(description.RelativePath ?? "", out var summary))
            operation.Summary = summary;
        // Identity's endpoints come with names such as "MapIdentityApi-/api/v1/auth/confirmEmail": not an identifier.
        if (operation.OperationId is null || !operation.OperationId.All(char.IsLetterOrDigit))
            operation.OperationId = OperationId(description, metadata);
        if (metadata.OfType<Seats.SeedErrorShape>().Any() || description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
            return;

        operation.Responses ??= [];
        var problem = await EnvelopeTransformer.ReferenceAsync(context, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), "ProblemDetails", cancellationToken);
        var validation = await EnvelopeTransformer.ReferenceAsync(context, typeof(HttpValidationProblemDetails), "HttpValidationProblemDetails", cancellationToken);
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasRouteId = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var changes = !HttpMethods.IsGet(description.HttpMethod ?? "GET");
        Add(operation, 400, "The request is invalid; errors name each field.", validation);
        if (authorized)
        {
            Add(operation, 401, "No valid bearer token (or portal cookie).", problem);
            Add(operation, 403, "The caller may not do this.", problem);
        }
        if (hasRouteId)
            Add(operation, 404, "Not found, or not the caller's to see.", problem);
        if (changes)
            Add(operation, 409, "The object's state does not allow this now.", problem);
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            Add(operation, 429, "Too many requests; retry after the Retry-After header's seconds.", problem);
    }

    /// <summary>ASP.NET Core Identity's endpoints, which come without summaries.</summary>
    private static readonly Dictionary<string, string> AuthSummaries = new(StringComparer.Ordinal)
    {
        ["api/v1/auth/register"] = "Create an account (an attendee; organizers tick the box in the portal).",
        ["api/v1/auth/login"] = "Log in: answers a bearer accessToken (and a refreshToken).",
        ["api/v1/auth/refresh"] = "Trade a refreshToken for a new accessToken.",
        ["api/v1/auth/confirmEmail"] = "Confirm an e-mail address with the link's userId and code.",
        ["api/v1/auth/resendConfirmationEmail"] = "Send the confirmation e-mail again.",
        ["api/v1/auth/forgotPassword"] = "Send a password reset code.",
        ["api/v1/auth/resetPassword"] = "Set a new password with a reset code.",
        ["api/v1/auth/manage/2fa"] = "Manage two-factor authentication.",
        ["api/v1/auth/manage/info"] = "The caller's account (GET) or change its e-mail or password (POST).",
    };

    private static void Add(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
            return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }

    private static string OperationId(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, IList<object> metadata)
    {
        var method = metadata.OfType<MethodInfo>().FirstOrDefault();
        var tag = metadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault();
        if (method is not null && tag is not null && !method.Name.Contains('<', StringComparison.Ordinal))
            return Camel(Words(tag)) + method.Name;
        var words = (description.RelativePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("api" or "v1"))
            .Select(w => w.StartsWith('{') ? "By" + Pascal(w.Trim('{', '}').Split(':')[0]) : Pascal(w));
        return (description.HttpMethod ?? "get").ToLowerInvariant() + string.Concat(words);
    }

    private static string Words(string tag) => string.Concat(tag.Split(' ', '-').Select(Pascal));

    private static string Pascal(string word) => string.Concat(word.Split('-', '_').Where(p => p.Length > 0)
        .Select(p => p.All(char.IsUpper) ? p[0] + p[1..].ToLowerInvariant() : char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Camel(string word) => word.Length == 0 ? word : char.ToLowerInvariant(word[0]) + word[1..];
}

/// <summary>Every tag the operations use, described, in a stable order.</summary>
public sealed class TagsTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Auth"] = "Accounts and bearer tokens (ASP.NET Core Identity's endpoints).",
        ["Events"] = "The catalog and an organizer's events: create, edit, publish, cancel and background operations on them.",
        ["Tickets"] = "Holds, checkout through Stripe, refunds and the organizer's view of an event's tickets (seed 004).",
        ["Ticket payments"] = "Payment records of tickets: one per checkout session (seed 004's ticketPayment).",
        ["Payment customers"] = "Stripe customers of buyers, per organizer (seed 004's paymentCustomer).",
        ["Payment methods"] = "Summaries of saved cards, never a card number (seed 004's paymentMethod).",
        ["Stripe"] = "Stripe's webhook.",
        ["Operation tickets"] = "Background work and its status (seed 000).",
        ["Seats"] = "Seat maps of seated events.",
        ["Seat locks"] = "Lock and unlock seat tokens for resale listings (seed 002); answers in seed 002's own error shape.",
        ["API applications"] = "An organizer's integrations: the PAC headers of the seat lock routes and of door devices checking tickets in.",
        ["Service requests"] = "Refunds, transfers and questions that follow workflows defined as data (seed 003).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name!).Distinct().ToList();
        document.Tags = new HashSet<OpenApiTag>(used.OrderBy(t => t, StringComparer.Ordinal)
            .Select(t => new OpenApiTag { Name = t, Description = Descriptions.GetValueOrDefault(t, t) }));
        return Task.CompletedTask;
    }
}

/// <summary>The document's frame: a relative server (the document is served by the API it describes) and no
/// component nothing refers to (the untyped envelope every route's typed one replaces).</summary>
public sealed class DocumentFrameTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "The portal serving this document." }];
        if (document.Components?.Schemas is { } schemas)
        {
            // Until nothing more goes: removing one component can leave another one unreferenced.
            for (var removed = true; removed;)
            {
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                document.SerializeAsV31(new OpenApiJsonWriter(writer));
                var json = writer.ToString();
                var unused = schemas.Keys.Where(name => !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
                foreach (var name in unused)
                    schemas.Remove(name);
                removed = unused.Count > 0;
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>Status words are enums in the contract: the values a property can hold are listed, so a generated client
/// gets an enum rather than a bare string.</summary>
public sealed class StatusWordsTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<(Type, string), string[]> Words = new()
    {
        [(typeof(Domain.Tickets.TicketDto), "status")] = Enum.GetNames<Domain.Tickets.TicketStatus>(),
        [(typeof(Domain.Payments.TicketPaymentDto), "paymentStatus")] = Domain.Payments.SessionStatus.All,
        [(typeof(Domain.Payments.TicketPaymentDto), "statusLiteral")] = Domain.Payments.PaymentLiteral.All,
        [(typeof(Domain.Operations.OperationTicketDto), "status")] = Enum.GetNames<Domain.Operations.OperationStatus>(),
        [(typeof(Domain.Seats.SeatView), "status")] = Enum.GetNames<Domain.Seats.SeatStatus>(),
        [(typeof(Events.EventDto), "status")] = Enum.GetNames<Domain.Events.EventStatus>(),
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Called for each property's schema as well as for the object's.
        if (context.JsonPropertyInfo is { } property && Words.TryGetValue((property.DeclaringType, property.Name), out var values))
            schema.Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)v)];
        return Task.CompletedTask;
    }
}
