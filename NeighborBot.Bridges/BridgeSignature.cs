using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NeighborBot.Bridges;

/// <summary>
/// The signature of the bridge contract, both ways: <c>sha256=</c> and the lowercase hex HMAC-SHA256
/// of <c>{timestamp}.{raw body}</c> with the bridge's secret, in <c>X-NeighborBot-Signature</c>, the Unix
/// seconds in <c>X-NeighborBot-Timestamp</c>. Compared in constant time.
/// </summary>
public static class BridgeSignature
{
    public const string TimestampHeader = "X-NeighborBot-Timestamp";
    public const string SignatureHeader = "X-NeighborBot-Signature";
    private const string Scheme = "sha256=";

    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when the signature is right and the timestamp within <paramref name="skew"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan skew)
    {
        if (timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)skew.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim()));
    }
}
