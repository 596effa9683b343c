using Microsoft.Extensions.DependencyInjection;

namespace TicketPortal.Domain.Realtime;

/// <summary>Everything the features publish: their objects (<see cref="IPublication"/>) and their route events.
/// The outbox captures changes of registered entities only, and the hub offers exactly these topics and scopes.</summary>
public sealed class Publications
{
    private readonly Dictionary<Type, IPublication> byEntity;
    private readonly Dictionary<Type, IPublication> byDto;

    public Publications(string prefix, IEnumerable<IPublication> objects, IEnumerable<RouteEventNames> routeEvents)
    {
        var list = objects.ToList();
        byEntity = list.ToDictionary(p => p.EntityType);
        byDto = list.ToDictionary(p => p.DtoType);
        Topics = new Topics(prefix, list.Where(p => p.Seed004Topics).Select(p => p.Name), routeEvents.SelectMany(r => r.Names),
            list.Where(p => !p.Seed004Topics).Select(p => p.Name), list.SelectMany(p => p.ExtendsIndexOf).Distinct());
        ScopeNames = list.SelectMany(p => p.ScopeNames).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>None: design-time contexts and tools publish nothing.</summary>
    public static readonly Publications None = new(Topics.DefaultPrefix, [], []);

    public Topics Topics { get; }

    /// <summary>Every scope name a subscription filter may use.</summary>
    public IReadOnlySet<string> ScopeNames { get; }

    public IPublication? ForEntity(Type entityType) => byEntity.GetValueOrDefault(entityType);

    public IPublication? ForDto(Type dtoType) => byDto.GetValueOrDefault(dtoType);
}

/// <summary>Route events a feature publishes (seed 004 spellings, without the prefix).</summary>
public sealed record RouteEventNames(IReadOnlyList<string> Names);

public static class PublicationRegistration
{
    /// <summary>Publishes the changes of one entity type; call it from the entity's own feature.</summary>
    public static IServiceCollection AddPublication<T>(this IServiceCollection services) where T : class, IPublication =>
        services.AddSingleton<IPublication, T>();

    /// <summary>Declares a feature's route events so subscribers may ask for them.</summary>
    public static IServiceCollection AddRouteEvents(this IServiceCollection services, params string[] names) =>
        services.AddSingleton(new RouteEventNames(names));
}
