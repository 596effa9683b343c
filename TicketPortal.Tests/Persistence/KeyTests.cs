using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Persistence;

public sealed class KeyTests
{
    /// <summary>Every Guid id the domain makes is time-ordered (version 7), so a new row goes at the end of its
    /// key's index instead of on a random page (see Ticket.Id): a model class added later with Guid.NewGuid() fails here.</summary>
    [Fact]
    public void EveryGuidIdTheDomainMakes_IsTimeOrdered()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        var checkedTypes = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.ClrType.Namespace?.StartsWith("TicketPortal.Domain", StringComparison.Ordinal) == true))
        {
            // The key, or the unique Id beside an insertion-order key (OutboxMessage's Position).
            if (entity.FindProperty("Id") is not { PropertyInfo: { } key } id || id.ClrType != typeof(Guid) || !(id.IsPrimaryKey() || id.IsUniqueIndex()))
                continue;
            var made = Enumerable.Range(0, 3).Select(_ => (Guid)key.GetValue(Activator.CreateInstance(entity.ClrType, nonPublic: true))!).ToList();
            Assert.All(made, id => Assert.Equal(7, id.Version));
            checkedTypes.Add(entity.ClrType.Name);
        }
        // The two an on-sale burst writes most, and the rest of the domain's keys with them.
        Assert.Contains("Ticket", checkedTypes);
        Assert.Contains("OutboxMessage", checkedTypes);
        Assert.True(checkedTypes.Count >= 10, string.Join(", ", checkedTypes));
    }
}
