using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.CheckIns;

/// <summary>One admission's place in its ticket: number 1..n, and the seat it stands for on a seated ticket.</summary>
public sealed record Admission(int Number, string? Seat, string Code);

/// <summary>What a code names: a ticket, one of its admissions, and the signature over them and their holder.</summary>
public readonly record struct AdmissionClaim(Guid TicketId, int Number, byte[] Signature);

/// <summary>Admission codes: <c>TP1</c> + base64url(ticket id, admission number, HMAC-SHA256 of both and the holder's
/// user id, cut to 128 bits). Nothing is stored per code: a code is valid while its signature matches the ticket's
/// current holder and the ticket is paid, so a transfer voids the old holder's codes and a refund or cancellation
/// voids them all, at once, with no code table to keep in step.</summary>
public sealed class AdmissionCodes(AdmissionKeyRing keys)
{
    private const string Prefix = "TP1";
    private const int SignatureBytes = 16;
    private const int PayloadBytes = 16 + 2;

    /// <summary>The ticket's admissions with their codes (a seat each on a seated ticket, otherwise one per place).</summary>
    public async Task<IReadOnlyList<Admission>> ForAsync(Ticket ticket, CancellationToken ct)
    {
        var key = await keys.KeyAsync(ct);
        var seats = ticket.Seats.OrderBy(s => s.SortOrder).Select(s => s.Label).ToList();
        return [.. Enumerable.Range(1, AdmissionCount(ticket)).Select(n =>
            new Admission(n, seats.Count > 0 ? seats[n - 1] : null, Encode(key, ticket.Id, n, ticket.UserId)))];
    }

    /// <summary>The seat admission <paramref name="number"/> stands for, on a seated ticket.</summary>
    public static string? SeatOf(Ticket ticket, int number) =>
        ticket.Seats.OrderBy(s => s.SortOrder).Skip(number - 1).FirstOrDefault()?.Label;

    public static int AdmissionCount(Ticket ticket) => ticket.Seats.Count > 0 ? ticket.Seats.Count : ticket.Quantity;

    /// <summary>The ticket and admission a code names, if it has a code's shape (its signature is checked by
    /// <see cref="IsSignedForAsync"/> against the ticket's current holder).</summary>
    public static AdmissionClaim? Parse(string? code)
    {
        if (code is null || !code.StartsWith(Prefix, StringComparison.Ordinal) || code.Length > 80)
            return null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(code.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length != PayloadBytes + SignatureBytes)
            return null;
        var number = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16, 2));
        return new AdmissionClaim(new Guid(bytes.AsSpan(0, 16)), number, bytes[PayloadBytes..]);
    }

    public async Task<bool> IsSignedForAsync(AdmissionClaim claim, string holderUserId, CancellationToken ct) =>
        CryptographicOperations.FixedTimeEquals(Sign(await keys.KeyAsync(ct), claim.TicketId, claim.Number, holderUserId), claim.Signature);

    private static string Encode(byte[] key, Guid ticketId, int number, string holderUserId)
    {
        var bytes = new byte[PayloadBytes + SignatureBytes];
        ticketId.TryWriteBytes(bytes.AsSpan(0, 16));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16, 2), checked((ushort)number));
        Sign(key, ticketId, number, holderUserId).CopyTo(bytes, PayloadBytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    private static byte[] Sign(byte[] key, Guid ticketId, int number, string holderUserId) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"admission|{ticketId:N}|{number}|{holderUserId}"))[..SignatureBytes];
}
