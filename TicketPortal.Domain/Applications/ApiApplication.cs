using System.Security.Cryptography;
using System.Text;
using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Applications;

/// <summary>An organizer's integration (a box office, a resale partner): seed 002's PAC-Application-ID,
/// PAC-API-Key and PAC-Channel-Code. Only a hash of the key is kept; the key is shown once.</summary>
public sealed class ApiApplication : ITimestamped
{
    private ApiApplication() { }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string OrganizerId { get; private set; } = "";
    /// <summary>Reverse domain notation, unique: com.mycompany.myapp.</summary>
    public string ApplicationId { get; private set; } = "";
    public string ChannelCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>The one event the application may act on (a door device, a partner selling one show); null for all of
    /// its organizer's events.</summary>
    public Guid? EventId { get; private set; }
    /// <summary>SHA-256 of the key, hex. Keys are 256 random bits, so a fast hash is enough.</summary>
    public string KeyHash { get; private set; } = "";
    /// <summary>The key's last four characters, so the organizer can tell keys apart.</summary>
    public string KeyHint { get; private set; } = "";
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new application and its key (returned to be shown once).</summary>
    public static (ApiApplication App, string Key) Register(string organizerId, ApiApplicationDraft draft, string? key = null)
    {
        key ??= KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var app = new ApiApplication
        {
            OrganizerId = organizerId,
            ApplicationId = draft.ApplicationId!.Trim(),
            ChannelCode = draft.ChannelCode!.Trim(),
            Name = string.IsNullOrWhiteSpace(draft.Name) ? draft.ApplicationId!.Trim() : draft.Name.Trim(),
            EventId = draft.EventId,
            KeyHash = Hash(key),
            KeyHint = key[^4..],
        };
        return (app, key);
    }

    public const string KeyPrefix = "tpk_";

    public bool KeyMatches(string key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(KeyHash), Encoding.ASCII.GetBytes(Hash(key)));

    public void Revoke(DateTime now) => RevokedAt ??= now;

    /// <summary>Whether the application may act on this event of its organizer's.</summary>
    public bool Reaches(Guid eventId, string organizerId) => OrganizerId == organizerId && (EventId is null || EventId == eventId);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
