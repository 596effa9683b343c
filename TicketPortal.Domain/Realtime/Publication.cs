using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Realtime;

/// <summary>An entity whose changes are published: registered once, in its own feature folder
/// (<see cref="PublicationRegistration.AddPublication{T}"/>). The outbox, the hub's topic list and its access
/// rules all come from these registrations.</summary>
public interface IPublication
{
    /// <summary>The object's name in payload keys and topics, as seed 004 spells it (ticket, ticketPayment, …).</summary>
    string Name { get; }
    Type EntityType { get; }
    Type DtoType { get; }
    /// <summary>The scope names subscribers may filter this object's events by.</summary>
    IReadOnlyList<string> ScopeNames { get; }
    /// <summary>Seed 004's objects publish database (dbevent) and index topics; the portal's own objects
    /// publish <c>&lt;prefix&gt;-&lt;object&gt;-&lt;change&gt;</c> only.</summary>
    bool Seed004Topics { get; }

    /// <summary>Objects whose index entity this one extends (seed 004's <c>-extended</c> index events).</summary>
    IReadOnlyList<string> ExtendsIndexOf { get; }

    /// <summary>The database and index events for one changed entity, written in the same save.</summary>
    Task<IReadOnlyList<OutboxMessage>> CaptureAsync(EntityEntry entry, PortalDbContext db, Topics topics, DateTime now, CancellationToken ct);

    /// <summary>Who may see a payload of this object (a route event's data, for instance).</summary>
    ValueTask<Audience> AudienceOfAsync(object dto, PortalDbContext db, CancellationToken ct);
}

/// <summary>Seed 004's database events (created, updated with old_*, deleted incl. soft deletes) and index
/// events for one entity type, in the shape <typeparamref name="TDto"/> that its REST routes return.</summary>
public abstract class Publication<TEntity, TDto> : IPublication where TEntity : class where TDto : class, IPublishedDto
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public abstract string Name { get; }
    public Type EntityType => typeof(TEntity);
    public Type DtoType => typeof(TDto);
    public abstract IReadOnlyList<string> ScopeNames { get; }
    public virtual bool Seed004Topics => true;

    public virtual IReadOnlyList<string> ExtendsIndexOf => [];

    /// <summary>Events this change causes on other objects (an extension of another object's index entity).</summary>
    protected virtual Task<IReadOnlyList<OutboxMessage>> ExtensionsAsync(TDto dto, PortalDbContext db, Topics topics, DateTime now, bool added, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>([]);

    /// <summary>Whether a new row is an event (false for objects created in bulk, such as a seat map's seats).</summary>
    protected virtual bool PublishesCreation => true;

    public abstract TDto ToDto(TEntity entity);

    protected abstract ValueTask<Audience> AudienceAsync(TDto dto, PortalDbContext db, CancellationToken ct);

    /// <summary>What the search index's read model adds to the object (nothing unless overridden).</summary>
    protected virtual Task EnrichIndexAsync(JsonObject index, TDto dto, PortalDbContext db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The entity as it was loaded, for old_* payloads and deletes.</summary>
    protected virtual TEntity Original(EntityEntry entry) => (TEntity)entry.OriginalValues.ToObject();

    public ValueTask<Audience> AudienceOfAsync(object dto, PortalDbContext db, CancellationToken ct) => AudienceAsync((TDto)dto, db, ct);

    public async Task<IReadOnlyList<OutboxMessage>> CaptureAsync(EntityEntry entry, PortalDbContext db, Topics topics, DateTime now, CancellationToken ct)
    {
        if (entry.State == EntityState.Added && !PublishesCreation)
            return [];
        var current = ToDto((TEntity)entry.Entity);
        // A new row has no earlier version: copying its original values would only make a second of the same.
        var original = entry.State == EntityState.Added ? current : ToDto(Original(entry));
        var hardDelete = entry.State == EntityState.Deleted;
        var change = entry.State switch
        {
            EntityState.Added => Topics.Created,
            EntityState.Deleted => Topics.Deleted,
            _ => original.IsActive && !current.IsActive ? Topics.Deleted : Topics.Updated,
        };
        var subject = hardDelete ? original : current;
        var audience = await AudienceAsync(subject, db, ct);
        var dbPayload = change == Topics.Updated
            ? new JsonObject { [$"old_{Name}"] = Node(original), [Name] = Node(current) }
            : Node(subject);
        // A hard delete outlives the row's last version: its sequence is one past it.
        var sequence = current.RecordVersion + (hardDelete ? 1 : 0);
        var extensions = await ExtensionsAsync(subject, db, topics, now, entry.State == EntityState.Added, ct);
        if (!Seed004Topics)
            return [OutboxMessage.For(topics.Plain(Name, change), OutboxKind.Database, dbPayload.ToJsonString(Json), subject.Id, sequence, audience, now), .. extensions];
        var index = Node(subject);
        await EnrichIndexAsync(index.AsObject(), subject, db, ct);
        return
        [
            OutboxMessage.For(topics.Database(Name, change), OutboxKind.Database, dbPayload.ToJsonString(Json), subject.Id, sequence, audience, now),
            OutboxMessage.For(Topics.Index(Name, change), OutboxKind.Index, index.ToJsonString(Json), subject.Id, sequence, audience, now),
            .. extensions,
        ];
    }

    private static JsonNode Node(TDto value) => JsonSerializer.SerializeToNode(value, Json)!;
}
