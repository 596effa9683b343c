using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>Realtime: the outbox's dispatcher, the public hub and the portal pages' live events. What is
/// published comes from the features' registrations (AddPublication, AddRouteEvents).</summary>
public static class RealtimeFeature
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR();
        services.AddSingleton(sp => new Publications(
            sp.GetRequiredService<IConfiguration>()["Realtime:TopicPrefix"] is { Length: > 0 } prefix ? prefix : Topics.DefaultPrefix,
            sp.GetServices<IPublication>(), sp.GetServices<RouteEventNames>()));
        services.AddSingleton(sp => sp.GetRequiredService<Publications>().Topics);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<SubscriberRecheck>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriberRecheck>());
        services.AddSingleton<LiveEvents>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddRetentionRule<OutboxRetention>();

        // Browsers cannot set headers on WebSockets: the hub also takes the bearer token as ?access_token=.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var previous = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async ctx =>
            {
                await previous(ctx);
                if (ctx.Token is null && ctx.Request.Path.StartsWithSegments(TicketsHub.Path)
                    && ctx.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                    ctx.Token = token;
            };
        });
        return builder;
    }

    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.MapHub<TicketsHub>(TicketsHub.Path);
        return app;
    }
}
