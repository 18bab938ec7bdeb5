using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NeighborBot.WeChat;

/// <summary>
/// The AES envelope of the Official Account's safe mode and of WeCom's callbacks. The key is
/// Base64(EncodingAESKey + "="), 32 bytes; the IV is its first 16 bytes; the cipher is AES-256-CBC over
/// <c>random(16) ‖ uint32-BE length ‖ message ‖ receive id</c>, PKCS#7-padded to a 32-byte block. The
/// receive id is the Official Account's AppId, and the empty string for a company's own WeCom smart
/// robot; a frame whose receive id is not the expected one is refused either way.
/// </summary>
public sealed class WeChatMessageCrypto
{
    public const int EncodingAesKeyLength = 43;
    private const int BlockSize = 32;
    private const int RandomLength = 16;
    private const int HeaderLength = RandomLength + 4;

    /// <summary>Keyed AES objects to reuse: creating one and setting its key costs as much as a short message.</summary>
    private readonly ConcurrentQueue<Aes> _pool = new();
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    /// <param name="appId">The receive id: the AppId of an Official Account, <c>""</c> for a WeCom smart robot.</param>
    public WeChatMessageCrypto(string encodingAesKey, string appId)
    {
        if (!IsValidEncodingAesKey(encodingAesKey))
        {
            throw new ArgumentException("EncodingAESKey must be 43 characters of Base64 text.", nameof(encodingAesKey));
        }

        // Empty is a receive id of its own (WeCom's robots), not a missing one: it is checked like any other.
        ArgumentNullException.ThrowIfNull(appId);
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _iv = _key.AsSpan(0, 16).ToArray();
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    public static bool IsValidEncodingAesKey(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != EncodingAesKeyLength)
        {
            return false;
        }

        Span<byte> key = stackalloc byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) && written == 32;
    }

    /// <summary>Seals a message with fresh random bytes; returns the Base64 <c>Encrypt</c> text.</summary>
    public string Encrypt(string message)
    {
        Span<byte> random = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, random);
    }

    /// <summary>Seals a message with the given 16 random bytes (fixed bytes reproduce test vectors).</summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        if (random.Length != RandomLength)
        {
            throw new ArgumentException("The random prefix is 16 bytes.", nameof(random));
        }

        var messageLength = Encoding.UTF8.GetByteCount(message);
        var plainLength = HeaderLength + messageLength + _appId.Length;
        var pad = BlockSize - (plainLength % BlockSize);
        var total = plainLength + pad;

        var frame = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var span = frame.AsSpan(0, total);
            random.CopyTo(span);
            BinaryPrimitives.WriteUInt32BigEndian(span[RandomLength..], (uint)messageLength);
            Encoding.UTF8.GetBytes(message, span[HeaderLength..]);
            _appId.CopyTo(span[(HeaderLength + messageLength)..]);
            span[plainLength..].Fill((byte)pad);

            var aes = Rent();
            try
            {
                return Convert.ToBase64String(aes.EncryptCbc(span, _iv, PaddingMode.None));
            }
            finally
            {
                Return(aes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame, clearArray: true);
        }
    }

    /// <summary>Opens an <c>Encrypt</c> text and returns the message as UTF-8 bytes.</summary>
    /// <exception cref="WeChatProtocolException">Bad Base64, bad padding, bad length, or another receive id.</exception>
    public byte[] DecryptToUtf8(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException ex)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "Encrypt is not Base64.", ex);
        }

        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "Encrypt is not a whole number of AES blocks.");
        }

        byte[] plain;
        var aes = Rent();
        try
        {
            plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);
        }
        finally
        {
            Return(aes);
        }

        var pad = plain[^1];
        if (pad is < 1 or > BlockSize || pad > plain.Length)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "The frame's padding is not valid.");
        }

        var unpadded = plain.AsSpan(0, plain.Length - pad);
        foreach (var b in plain.AsSpan(plain.Length - pad))
        {
            if (b != pad)
            {
                throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "The frame's padding is not valid.");
            }
        }

        if (unpadded.Length < HeaderLength)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "The frame is too short.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(unpadded[RandomLength..]);
        if (length > (uint)(unpadded.Length - HeaderLength))
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "The frame's length field is larger than the frame.");
        }

        var message = unpadded.Slice(HeaderLength, (int)length);
        var appId = unpadded[(HeaderLength + (int)length)..];
        if (!CryptographicOperations.FixedTimeEquals(appId, _appId))
        {
            throw new WeChatProtocolException(WeChatRefusal.WrongAppId, "The message was sealed for another receive id (AppId).");
        }

        return message.ToArray();
    }

    public string Decrypt(string encrypted) => Encoding.UTF8.GetString(DecryptToUtf8(encrypted));

    private Aes Rent()
    {
        if (_pool.TryDequeue(out var aes))
        {
            return aes;
        }

        aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }

    private void Return(Aes aes)
    {
        if (_pool.Count < Environment.ProcessorCount * 4)
        {
            _pool.Enqueue(aes);
        }
        else
        {
            aes.Dispose();
        }
    }
}
