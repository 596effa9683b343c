namespace TicketPortal.Domain.Realtime;

/// <summary>Seed 004's topic names. Database and route events carry the service prefix (a setting, default
/// tickatme-ticket-service); index events are named for the search index, as the seed prints them, except that
/// the seed's "updated" index topics, printed as "-created", are named "-updated" here. Which objects and route
/// events exist comes from the features' registrations (<see cref="Publications"/>).</summary>
public sealed class Topics
{
    public const string DefaultPrefix = "tickatme-ticket-service";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    /// <summary>Seed 004's index event of one service adding data to another's index entity.</summary>
    public const string Extended = "extended";

    private static readonly string[] Changes = [Created, Updated, Deleted];

    public Topics(string prefix, IEnumerable<string> objectNames, IEnumerable<string> routeEvents, IEnumerable<string>? plainObjectNames = null,
        IEnumerable<string>? extendedObjectNames = null)
    {
        Prefix = prefix;
        All = objectNames
            .SelectMany(o => Changes.SelectMany(c => new[] { Database(o, c), Index(o, c) }))
            .Concat((plainObjectNames ?? []).SelectMany(o => Changes.Select(c => Plain(o, c))))
            .Concat((extendedObjectNames ?? []).Select(o => Index(o, Extended)))
            .Concat(routeEvents.Select(Route))
            .ToHashSet(StringComparer.Ordinal);
    }

    public string Prefix { get; }

    /// <summary>Every topic a subscriber may ask for.</summary>
    public IReadOnlySet<string> All { get; }

    public string Database(string objectName, string change) => $"{Prefix}-dbevent-{objectName.ToLowerInvariant()}-{change}";
    public static string Index(string objectName, string change) => $"elastic-index-tickatme_{objectName.ToLowerInvariant()}-{change}";
    public string Route(string routeEvent) => $"{Prefix}-{routeEvent}";
    /// <summary>The topics of the portal's own objects beyond seed 004 (operation tickets, seats, …):
    /// <c>&lt;prefix&gt;-&lt;object&gt;-&lt;change&gt;</c>, with no index events.</summary>
    public string Plain(string objectName, string change) => $"{Prefix}-{objectName.ToLowerInvariant()}-{change}";

    /// <summary>Whether a topic is one of the plain events (created, updated or deleted) of one of the portal's own objects.</summary>
    public bool IsPlainEventOf(string topic, string objectName) =>
        Changes.Any(c => string.Equals(topic, Plain(objectName, c), StringComparison.Ordinal));

    /// <summary>Whether a topic is one of the database events (created, updated or deleted) of an object.</summary>
    public bool IsDatabaseEventOf(string topic, string objectName) =>
        Changes.Any(c => string.Equals(topic, Database(objectName, c), StringComparison.Ordinal));
}
