using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.CheckIns;

/// <summary>A named secret the portal made itself, kept in its database encrypted with the data-protection key
/// ring (itself in the database), so every instance and every restart signs with the same key and no setting is
/// needed.</summary>
public sealed class SigningKey
{
    private SigningKey() { }

    public SigningKey(string name, string protectedValue, DateTime createdAt) => (Name, ProtectedValue, CreatedAt) = (name, protectedValue, createdAt);

    public string Name { get; private set; } = "";
    public string ProtectedValue { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

/// <summary>The admission codes' HMAC key: made on first use (256 random bits), stored protected, read once per process.</summary>
public sealed class AdmissionKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    public const string KeyName = "admission-codes";
    private readonly IDataProtector _protector = protection.CreateProtector("TicketPortal.CheckIns.AdmissionKey.v1");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    public async ValueTask<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is { } known)
            return known;
        await _loading.WaitAsync(ct);
        try
        {
            return _key ??= await LoadOrCreateAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == KeyName, ct) is { } stored)
            return Unprotect(stored);
        var key = RandomNumberGenerator.GetBytes(32);
        db.SigningKeys.Add(new SigningKey(KeyName, Convert.ToBase64String(_protector.Protect(key)), clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
            return key;
        }
        catch (DbUpdateException)
        {
            // Another instance made it first: use theirs.
            db.ChangeTracker.Clear();
            return Unprotect(await db.SigningKeys.AsNoTracking().FirstAsync(k => k.Name == KeyName, ct));
        }
    }

    private byte[] Unprotect(SigningKey stored) => _protector.Unprotect(Convert.FromBase64String(stored.ProtectedValue));
}
