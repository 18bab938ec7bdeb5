using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace NeighborBot.WeChat;

/// <summary>
/// The SHA-1 signatures of the Official Account callback: <c>signature</c> over token, timestamp and
/// nonce, and in safe mode <c>msg_signature</c> over the same plus the <c>Encrypt</c> text. The parts
/// are sorted ordinally, joined and hashed; the result is lowercase hex.
/// </summary>
public static class WeChatSignature
{
    public static string Compute(string token, string timestamp, string nonce) =>
        Convert.ToHexStringLower(Hash([token, timestamp, nonce]));

    public static string Compute(string token, string timestamp, string nonce, string encrypt) =>
        Convert.ToHexStringLower(Hash([token, timestamp, nonce, encrypt]));

    /// <summary>Checks a signature in constant time; a missing or malformed one never matches.</summary>
    public static bool Verify(string? signature, string token, string timestamp, string nonce) =>
        Matches(signature, Hash([token, timestamp, nonce]));

    public static bool Verify(string? signature, string token, string timestamp, string nonce, string encrypt) =>
        Matches(signature, Hash([token, timestamp, nonce, encrypt]));

    private static bool Matches(string? signature, byte[] expected)
    {
        if (signature is null || signature.Length != expected.Length * 2)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[SHA1.HashSizeInBytes];
        if (Convert.FromHexString(signature, given, out _, out var written) != OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static byte[] Hash(string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        var length = 0;
        foreach (var part in parts)
        {
            length += Encoding.UTF8.GetByteCount(part);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var offset = 0;
            foreach (var part in parts)
            {
                offset += Encoding.UTF8.GetBytes(part, buffer.AsSpan(offset));
            }

            return SHA1.HashData(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
