using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TicketPortal.Accounts;
using TicketPortal.Seats;

namespace TicketPortal.Api;

/// <summary>Declares seed 002's PAC headers as API-key schemes, and on the routes that take them says how: the seat lock
/// routes want a bearer token and all three headers; the door's routes a bearer token or the three headers alone.</summary>
public sealed class ApplicationSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private static readonly (string Scheme, string Header, string Description)[] Headers =
    [
        ("PacApplicationId", SeatLockApi.ApplicationIdHeader, "The application's ID, in reverse domain notation (POST /api/v1/applications)."),
        ("PacApiKey", SeatLockApi.ApiKeyHeader, "The application's key, shown once when it was registered."),
        ("PacChannelCode", SeatLockApi.ChannelCodeHeader, "The application's channel code."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (scheme, header, description) in Headers)
            document.Components.SecuritySchemes[scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = description,
            };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        if (document is null)
            return Task.CompletedTask;
        if (metadata.OfType<SeedErrorShape>().Any())
            operation.Security = [Requirement(document, withBearer: true)];
        else if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == Policies.DoorScanner))
            operation.Security = [Bearer(document), Requirement(document, withBearer: false)];
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Bearer(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(BearerSecurityTransformer.Scheme, document)] = [] };

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, bool withBearer)
    {
        var requirement = withBearer ? Bearer(document) : new OpenApiSecurityRequirement();
        foreach (var (scheme, _, _) in Headers)
            requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
        return requirement;
    }
}
