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

/// <summary>Replaces the generic <see cref="Envelope"/> in a route's successful answer with its typed envelope. The
/// objects inside it (a ticket, its payment) become shared components too, so a client has one Ticket class however
/// many envelopes carry a ticket.</summary>
public sealed class EnvelopeTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var documented in context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedEnvelope>())
        {
            // Each typed envelope is one named component, so a generated client gets one class per envelope.
            var schema = await ReferenceAsync(context, documented.Type, documented.Type.Name, cancellationToken);
            operation.Responses ??= [];
            var key = documented.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = documented.StatusCode switch { 201 => "Created", 202 => "Accepted", _ => "OK" },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }
    }

    private const string SchemaId = "x-schema-id";

    /// <summary>A reference to the component <paramref name="name"/>, made from <paramref name="type"/> (with the named
    /// objects inside it lifted into components too) the first time it is asked for.</summary>
    public static async Task<IOpenApiSchema> ReferenceAsync(OpenApiOperationTransformerContext context, Type type, string name, CancellationToken ct)
    {
        var components = context.Document!.Components ??= new OpenApiComponents();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!components.Schemas.ContainsKey(name))
            components.Schemas[name] = Componentize(await context.GetOrCreateSchemaAsync(type, null, ct), context.Document);
        return new OpenApiSchemaReference(name, context.Document);
    }

    /// <summary>Lifts every named object schema nested in <paramref name="schema"/> into the document's components and
    /// refers to it there (a nullable one as oneOf [reference, null]).</summary>
    private static IOpenApiSchema Componentize(IOpenApiSchema schema, OpenApiDocument document)
    {
        if (schema is not OpenApiSchema inline)
            return schema;
        if (inline.Properties is { } properties)
            foreach (var key in properties.Keys.ToList())
                properties[key] = Lift(properties[key], document);
        if (inline.Items is { } items)
            inline.Items = Lift(items, document);
        if (inline.AdditionalProperties is { } additional)
            inline.AdditionalProperties = Lift(additional, document);
        return inline;
    }

    private static IOpenApiSchema Lift(IOpenApiSchema schema, OpenApiDocument document)
    {
        if (schema is not OpenApiSchema inline)
            return schema;
        var id = inline.Metadata?.TryGetValue(SchemaId, out var value) == true ? value as string : null;
        var isObject = inline.Type is { } type && type.HasFlag(JsonSchemaType.Object) && inline.Properties is { Count: > 0 };
        if (string.IsNullOrEmpty(id) || !isObject)
            return Componentize(inline, document);
        var nullable = inline.Type!.Value.HasFlag(JsonSchemaType.Null);
        var schemas = document.Components!.Schemas!;
        if (!schemas.ContainsKey(id))
        {
            schemas[id] = inline; // registered before descending, so a type that contains itself ends
            inline.Type = JsonSchemaType.Object;
            Componentize(inline, document);
        }
        var reference = new OpenApiSchemaReference(id, document);
        return nullable ? new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] } : reference;
    }
}
