using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using TicketPortal.Domain.Data;

namespace TicketPortal.Setup;

/// <summary>What a portal in front of real buyers needs whatever its features: a key ring that survives
/// restarts, the client's real address and scheme behind a configured proxy, HTTPS with HSTS, secure cookies
/// and security headers (a Content-Security-Policy that Blazor Server and MudBlazor run under).</summary>
public static class ProductionDefaults
{
    /// <summary>The portal pages' policy: scripts only from the portal; MudBlazor sets inline styles; the
    /// circuit's WebSocket is same-origin; nobody may frame the portal.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>Third-party UIs we serve (the API reference, the jobs dashboard) run inline scripts: they get
    /// the framing and sniffing protection, not the script policy.</summary>
    private const string EmbeddedToolsPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static WebApplicationBuilder AddProductionDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Opt-in: each request runs on from its socket's completion instead of queueing anew in the thread pool at each
        // stage. In an on-sale burst the pool's queue held every request's first stage ahead of anyone's answer, so the
        // buyers told "sold out" were answered together once the last had been read; but steady reads ran about a
        // quarter slower with it (README, session 16). "Unsafe" is about code that blocks on Kestrel's I/O thread: here
        // that is a thread-pool work item like any other, as the runtime's socket completions stay dispatched. With
        // DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 they would not, and a hold's synchronous SQLite work would run
        // on the socket engine's own thread: not then.
        if (builder.Configuration.GetValue("Server:InlineScheduling", false)
            && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") != "1")
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        services.AddSingleton<PublicAddress>();
        services.AddDataProtection().SetApplicationName("TicketPortal").PersistKeysToDbContext<PortalDbContext>();

        var proxies = builder.Configuration["ForwardedHeaders:KnownProxies"] ?? "";
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (IPAddress.TryParse(proxy, out var address))
                    o.KnownProxies.Add(address);
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        return builder;
    }

    private static bool IsMachineToMachine(HttpRequest request) =>
        request.Path.StartsWithSegments(Payments.StripeSettings.SandboxPrefix + "/v1") || request.Path.StartsWithSegments("/api/v1/stripe/webhook");

    /// <summary>First in the pipeline: the proxy's headers, HTTPS, cookie policy and security headers.</summary>
    public static WebApplication UseProductionDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // The sandbox's own calls (Stripe.net to its API, its webhooks back) stay on the loopback address the
            // portal bound; a redirect would only break them, and a POST is never redirected usefully.
            app.UseWhen(http => !IsMachineToMachine(http.Request), https => https.UseHttpsRedirection());
        }
        app.UseCookiePolicy();
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api/reference") || http.Request.Path.StartsWithSegments("/hangfire")
                ? EmbeddedToolsPolicy
                : ContentSecurityPolicy;
            return next(http);
        });
        return app;
    }
}
