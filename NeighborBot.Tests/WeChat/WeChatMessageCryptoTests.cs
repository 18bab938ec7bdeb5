using System.Text;
using System.Xml.Linq;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.WeChat;

public sealed class WeChatMessageCryptoTests
{
    private readonly WeChatMessageCrypto _crypto = new(Vectors.EncodingAesKey, Vectors.AppId);

    [Fact]
    public void The_official_sample_decrypts_to_the_documented_message()
    {
        var xml = XElement.Parse(_crypto.Decrypt(Vectors.OfficialEncrypt));

        Assert.Equal("wx5823bf96d3bd56c7", xml.Element("ToUserName")!.Value);
        Assert.Equal("mycreate", xml.Element("FromUserName")!.Value);
        Assert.Equal("1409659813", xml.Element("CreateTime")!.Value);
        Assert.Equal("text", xml.Element("MsgType")!.Value);
        Assert.Equal("hello", xml.Element("Content")!.Value);
        Assert.Equal("4561255354251345929", xml.Element("MsgId")!.Value);
        Assert.Equal("218", xml.Element("AgentID")!.Value);
        Assert.Equal(284, _crypto.DecryptToUtf8(Vectors.OfficialEncrypt).Length);
    }

    [Fact]
    public void The_fixed_random_reply_vector_encrypts_byte_for_byte()
    {
        Assert.Equal(231, Encoding.UTF8.GetByteCount(Vectors.ReplyPlaintext));
        Assert.Equal(Vectors.ReplyEncrypt, _crypto.Encrypt(Vectors.ReplyPlaintext, "aaaaaaaaaaaaaaaa"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("楼道灯坏了，三号楼二单元 🙏")]
    [InlineData("1234567890")] // with the 20-byte header and the AppId, a length where the padding is a whole block
    public void Encrypt_then_decrypt_round_trips(string message)
    {
        var sealed1 = _crypto.Encrypt(message);
        var sealed2 = _crypto.Encrypt(message);

        Assert.Equal(message, _crypto.Decrypt(sealed1));
        Assert.NotEqual(sealed1, sealed2); // fresh random prefix each time
    }

    [Fact]
    public void A_message_sealed_for_another_app_id_is_refused()
    {
        var other = new WeChatMessageCrypto(Vectors.EncodingAesKey, "wx0000000000000000");

        var ex = Assert.Throws<WeChatProtocolException>(() => _crypto.Decrypt(other.Encrypt("hi")));

        Assert.Equal(WeChatRefusal.WrongAppId, ex.Refusal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void Text_that_is_not_a_sealed_frame_is_refused(string encrypted)
    {
        var ex = Assert.Throws<WeChatProtocolException>(() => _crypto.Decrypt(encrypted));

        Assert.Equal(WeChatRefusal.BadCiphertext, ex.Refusal);
    }

    [Fact]
    public void A_frame_sealed_with_another_key_is_refused()
    {
        var other = new WeChatMessageCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Vectors.AppId);

        var ex = Assert.Throws<WeChatProtocolException>(() => _crypto.Decrypt(other.Encrypt("你好")));

        Assert.Contains(ex.Refusal, new[] { WeChatRefusal.BadCiphertext, WeChatRefusal.WrongAppId });
    }

    [Theory]
    [InlineData("short")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C=")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!")]
    public void A_malformed_encoding_aes_key_is_rejected(string key)
    {
        Assert.False(WeChatMessageCrypto.IsValidEncodingAesKey(key));
        Assert.Throws<ArgumentException>(() => new WeChatMessageCrypto(key, Vectors.AppId));
    }
}
