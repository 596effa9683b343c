using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using TicketPortal.Setup;
using TicketPortal.Domain.Data;

namespace TicketPortal.Api;

/// <summary>The REST platform every feature's routes share: ProblemDetails, OpenAPI and its reference page,
/// health, CORS for configured front ends, the seed envelope's timer and Idempotency-Key.</summary>
public static class ApiFeature
{
    public const string CorsPolicy = "integrators";

    public static bool IsApiRequest(this HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Always throw on unreadable input, so the handler can answer with the field's name.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // Numbers are numbers: "2" is not a quantity, and the document types them as integers, not integer-or-string.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddDocumentTransformer<ApplicationSecurityTransformer>();
            o.AddOperationTransformer<ApplicationSecurityTransformer>();
            o.AddOperationTransformer<EnvelopeTransformer>();
            o.AddOperationTransformer<OperationContractTransformer>();
            o.AddSchemaTransformer<StatusWordsTransformer>();
            o.AddDocumentTransformer<TagsTransformer>();
            o.AddDocumentTransformer<DocumentFrameTransformer>();
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // Front ends on other origins (Cors:Origins, comma-separated) may call the API and the hub with
        // bearer tokens; none is allowed unless configured, and cookies are never sent cross-origin.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IConfiguration>((o, config) =>
            o.AddPolicy(CorsPolicy, p => p
                .WithOrigins((config["Cors:Origins"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .AllowAnyHeader().AllowAnyMethod()));
        services.AddRetentionRule<IdempotencyRetention>();
        services.AddRateLimits(builder.Configuration);
        return builder;
    }

    /// <summary>The API's middleware, in order: timing, CORS, then (after authentication) Idempotency-Key.</summary>
    public static WebApplication UseApiBeforeAuthentication(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(ctx => ctx.Request.IsApiRequest(), api => api.UseStatusCodePages());
        app.UseRequestTimer();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ContentTypeGuard>();
        app.UseMiddleware<NulGuard>();
        return app;
    }

    public static WebApplication UseApiAfterAuthentication(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference");
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });

        // Unknown API paths get a ProblemDetails 404 rather than the portal's not-found page
        // (route precedence puts every real route ahead of this catch-all).
        app.Map("/api/{**path}", (string? path) => TypedResults.Problem($"There is no API route /api/{path}.", statusCode: 404, title: "Not found"))
            .ExcludeFromDescription();
        return app;
    }

    private static Task WriteHealth(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            totalMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        });

    private sealed class DatabaseHealthCheck(PortalDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var canConnect = await db.Database.CanConnectAsync(ct);
                var data = new Dictionary<string, object> { ["provider"] = db.Database.ProviderName ?? "unknown" };
                return canConnect
                    ? HealthCheckResult.Healthy("The database answers.", data)
                    : HealthCheckResult.Unhealthy("The database cannot be reached.", data: data);
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
            }
        }
    }
}
