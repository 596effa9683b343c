using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace TicketPortal.Accounts;

/// <summary>Keeps the tickets of bearer tokens it decrypted for <see cref="Keep"/>, so that a client's requests after the
/// first skip decrypting its token (AES and HMAC, then the ticket deserialized): a profile of an on-sale burst put that
/// at 8-9 % of a request. A token is still checked at every request as before: the handler rejects an expired ticket
/// whatever its source, and a token that does not decrypt is never kept. Each caller gets a copy of its own, so what
/// one request does to its principal never reaches another. A key revoked in Data Protection stops its tokens at
/// most <see cref="Keep"/> later.</summary>
public sealed class BearerTicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    // Tokens kept at most; when full, the cache starts again empty (a flood of new tokens only costs what it did).
    private const int MostTokens = 10_000;
    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Until)> tickets = new(StringComparer.Ordinal);
    private int count;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
            return inner.Unprotect(protectedText, purpose);
        var now = clock.GetUtcNow();
        if (tickets.TryGetValue(protectedText, out var kept) && now < kept.Until)
            return kept.Ticket.Clone();
        var ticket = inner.Unprotect(protectedText);
        if (ticket is null)
            return null;
        if (Interlocked.Increment(ref count) > MostTokens)
        {
            tickets.Clear();
            Interlocked.Exchange(ref count, 1);
        }
        tickets[protectedText] = (ticket.Clone(), now + Keep);
        return ticket;
    }
}
