using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TicketPortal.Api;

/// <summary>Says which typed envelope (<see cref="EnvelopeDoc"/>) a route's successful answer is.</summary>
public sealed record DocumentedEnvelope(Type Type, int StatusCode);

public static class EnvelopeDocumentation
{
    /// <summary>Documents the route's successful answer as <typeparamref name="T"/>, the typed form of the envelope it returns.</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, int statusCode = StatusCodes.Status200OK) where T : EnvelopeDoc =>
        builder.WithMetadata(new DocumentedEnvelope(typeof(T), statusCode));
}

/// <summary>Replaces the generic <see cref="Envelope"/> in a route's successful answer with its typed envelope.</summary>
public sealed class EnvelopeTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var documented in context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedEnvelope>())
        {
            // Each typed envelope is one named component, so a generated client gets one class per envelope.
            var name = documented.Type.Name;
            var components = context.Document!.Components ??= new OpenApiComponents();
            components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            if (!components.Schemas.ContainsKey(name))
                components.Schemas[name] = await context.GetOrCreateSchemaAsync(documented.Type, null, cancellationToken);
            var schema = new OpenApiSchemaReference(name, context.Document);
            operation.Responses ??= [];
            var key = documented.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = documented.StatusCode switch { 201 => "Created", 202 => "Accepted", _ => "OK" },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }
    }
}
