using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Realtime;
using StackExchange.Redis;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>Realtime: the outbox's dispatcher, the public hub and the portal pages' live events. What is
/// published comes from the features' registrations (AddPublication, AddRouteEvents).</summary>
public static class RealtimeFeature
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var signalR = services.AddSignalR();
        services.AddSingleton(sp => new Publications(
            sp.GetRequiredService<IConfiguration>()["Realtime:TopicPrefix"] is { Length: > 0 } topicPrefix ? topicPrefix : Topics.DefaultPrefix,
            sp.GetServices<IPublication>(), sp.GetServices<RouteEventNames>()));
        services.AddSingleton(sp => sp.GetRequiredService<Publications>().Topics);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitInterceptor>();
        // Several instances: SignalR's Redis backplane, and the outbox's bells on Redis channels.
        if (builder.Configuration["Redis:Connection"] is { Length: > 0 } redis)
        {
            // The prefix keeps portals (or test runs) that share one Redis apart.
            var prefix = builder.Configuration["Redis:ChannelPrefix"] is { Length: > 0 } p ? p : "TicketPortal";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(redis);
                // Start (and keep selling) while Redis is away; the client reconnects by itself.
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisOutboxBells>(sp, prefix));
            services.AddSingleton<OutboxBells>(sp => sp.GetRequiredService<RedisOutboxBells>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisOutboxBells>());
        }
        else
            services.AddSingleton<OutboxBells>();
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<SubscriberRecheck>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriberRecheck>());
        services.AddSingleton<LiveEvents>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<OutboxHandoff>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxHandoff>());
        // The follower first: it must know where the stream stands before the dispatcher moves it.
        services.AddSingleton<OutboxFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxFollower>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddRetentionRule<OutboxRetention>();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");

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
