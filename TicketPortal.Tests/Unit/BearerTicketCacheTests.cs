using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using TicketPortal.Accounts;

namespace TicketPortal.Tests.Unit;

/// <summary>Bearer tickets kept after their first decryption: a copy per caller, nothing kept for a bad token, and
/// decrypted again once kept long enough.</summary>
public sealed class BearerTicketCacheTests
{
    [Fact]
    public void AKeptTicket_IsACopyPerCaller_AndABadTokenIsNeverKept()
    {
        var (cache, inner, _) = Cache();
        var token = cache.Protect(Ticket("buyer-1"));

        var first = cache.Unprotect(token)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added", "by one request"));
        var second = cache.Unprotect(token)!;

        Assert.Equal("buyer-1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Null(second.Principal.FindFirst("added"));
        Assert.NotSame(first.Principal, second.Principal);
        Assert.Equal(1, inner.Unprotects);
        Assert.Null(cache.Unprotect(token[..^4] + "AAAA"));
        Assert.Null(cache.Unprotect(token[..^4] + "AAAA"));
        Assert.Equal(3, inner.Unprotects);
    }

    [Fact]
    public void ATicketKeptLongerThanKeep_IsDecryptedAgain()
    {
        var (cache, inner, clock) = Cache();
        var token = cache.Protect(Ticket("buyer-2"));
        cache.Unprotect(token);

        clock.Advance(BearerTicketCache.Keep - TimeSpan.FromSeconds(1));
        cache.Unprotect(token);
        Assert.Equal(1, inner.Unprotects);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("buyer-2", cache.Unprotect(token)!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(2, inner.Unprotects);
    }

    private static AuthenticationTicket Ticket(string user) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], "Bearer")), "Bearer");

    private static (BearerTicketCache Cache, Counting Inner, ManualClock Clock) Cache()
    {
        var inner = new Counting(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("bearer tests")));
        var clock = new ManualClock();
        return (new BearerTicketCache(inner, clock), inner, clock);
    }

    private sealed class Counting(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotects;
        public string Protect(AuthenticationTicket data) => inner.Protect(data);
        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);
        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            return inner.Unprotect(protectedText, purpose);
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => now;
        public void Advance(TimeSpan by) => now += by;
    }
}
