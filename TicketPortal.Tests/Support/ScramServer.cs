using System.Security.Cryptography;
using System.Text;

namespace TicketPortal.Tests.Support;

/// <summary>The server side of SCRAM (RFC 5802): two SaslAuthenticate rounds.</summary>
internal sealed class ScramServer(string mechanism, string user, string password)
{
    private const int Iterations = 4096;
    private readonly HashAlgorithmName hash = mechanism == "SCRAM-SHA-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
    private readonly byte[] salt = RandomNumberGenerator.GetBytes(16);
    private string? clientFirstBare;
    private string? serverFirst;

    /// <returns>The reply, or null when the client failed; and whether the exchange is complete.</returns>
    public (byte[]? Reply, bool Done) Step(byte[] token)
    {
        var message = Encoding.UTF8.GetString(token);
        if (serverFirst is null)
        {
            // "n,,n=user,r=client-nonce"
            clientFirstBare = message[(message.IndexOf(",,", StringComparison.Ordinal) + 2)..];
            var fields = Fields(clientFirstBare);
            if (fields.GetValueOrDefault("n") != user || !fields.TryGetValue("r", out var nonce))
                return (null, true);
            serverFirst = $"r={nonce}{Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))},s={Convert.ToBase64String(salt)},i={Iterations}";
            return (Encoding.UTF8.GetBytes(serverFirst), false);
        }
        // "c=biws,r=nonce,p=proof"
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
            return (null, true);
        var authMessage = $"{clientFirstBare},{serverFirst},{message[..proofAt]}";
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, hash, hash == HashAlgorithmName.SHA512 ? 64 : 32);
        var clientKey = Hmac(salted, "Client Key");
        var storedKey = hash == HashAlgorithmName.SHA512 ? SHA512.HashData(clientKey) : SHA256.HashData(clientKey);
        var signature = Hmac(storedKey, authMessage);
        var expected = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(message[(proofAt + 3)..])))
            return (null, true);
        var serverSignature = Hmac(Hmac(salted, "Server Key"), authMessage);
        return (Encoding.UTF8.GetBytes($"v={Convert.ToBase64String(serverSignature)}"), true);
    }

    private byte[] Hmac(byte[] key, string text) => hash == HashAlgorithmName.SHA512
        ? HMACSHA512.HashData(key, Encoding.UTF8.GetBytes(text))
        : HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static Dictionary<string, string> Fields(string message) =>
        message.Split(',').Where(f => f.Length > 2 && f[1] == '=').ToDictionary(f => f[..1], f => f[2..]);
}
