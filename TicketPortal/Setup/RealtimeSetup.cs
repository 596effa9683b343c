using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Realtime;
using TicketPortal.Realtime;

namespace TicketPortal.Setup;

public static class RealtimeSetup
{
    public static IServiceCollection AddPortalRealtime(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton(sp => new OutboxSignal(new Topics(
            sp.GetRequiredService<IConfiguration>()["Realtime:TopicPrefix"] is { Length: > 0 } prefix ? prefix : Topics.DefaultPrefix)));
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<LiveEvents>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

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
        return services;
    }

    public static WebApplication MapPortalRealtime(this WebApplication app)
    {
        app.MapHub<TicketsHub>(TicketsHub.Path);
        return app;
    }
}
