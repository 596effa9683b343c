namespace TicketPortal.Domain.Realtime;

/// <summary>Named ids an event belongs to ("eventId", "ticketId", later a seat map or an operation), stored with
/// each outbox row as one string (<c>eventId=…;ticketId=…</c>), so a new scope needs no new column. A
/// subscription's filter is a ScopeSet too: it matches an event that carries every id the filter names.</summary>
public sealed class ScopeSet : IEquatable<ScopeSet>
{
    public static readonly ScopeSet Empty = new(new SortedDictionary<string, Guid>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, Guid> ids;

    private ScopeSet(SortedDictionary<string, Guid> ids)
    {
        this.ids = ids;
        Key = string.Join(';', ids.Select(p => $"{p.Key}={p.Value:D}"));
    }

    /// <summary>The canonical text form, as stored and compared.</summary>
    public string Key { get; }

    public Guid? this[string name] => ids.TryGetValue(name, out var id) ? id : null;

    public static ScopeSet Of(params (string Name, Guid? Id)[] scopes)
    {
        var ids = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (name, id) in scopes)
            if (id is { } value)
                ids[name] = value;
        return ids.Count == 0 ? Empty : new ScopeSet(ids);
    }

    public static ScopeSet Parse(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return Empty;
        var ids = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var pair in key.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=');
            if (at > 0 && Guid.TryParse(pair.AsSpan(at + 1), out var id))
                ids[pair[..at]] = id;
        }
        return new ScopeSet(ids);
    }

    /// <summary>Whether an event with these scopes passes <paramref name="filter"/>. The dispatcher asks this for
    /// every subscription of every event, so it loops without LINQ and answers an empty filter at once.</summary>
    public bool Satisfies(ScopeSet filter)
    {
        if (filter.ids.Count == 0)
            return true;
        foreach (var (name, wanted) in filter.ids)
            if (!ids.TryGetValue(name, out var id) || id != wanted)
                return false;
        return true;
    }

    public bool Equals(ScopeSet? other) => other is not null && Key == other.Key;
    public override bool Equals(object? obj) => Equals(obj as ScopeSet);
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Key;
}
