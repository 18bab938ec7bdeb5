using System.Text.Json;
using NeighborBot.WeChat;
using NeighborBot.WeChat.WeCom;

namespace NeighborBot.Tests.WeCom;

/// <summary>The smart robot's envelope and signatures against <see cref="WeComVectors"/>, made outside NeighborBot.</summary>
public sealed class WeComCryptoTests
{
    private readonly WeChatMessageCrypto _crypto = new(WeComVectors.EncodingAesKey, WeComBot.ReceiveId);

    [Fact]
    public void The_verification_echostr_decrypts_and_its_signature_holds()
    {
        Assert.Equal(WeComVectors.EchoPlain, _crypto.Decrypt(WeComVectors.EchoStr));
        Assert.Equal(WeComVectors.EchoSignature, WeChatSignature.Compute(WeComVectors.Token, WeComVectors.Timestamp, WeComVectors.Nonce, WeComVectors.EchoStr));
        Assert.True(WeChatSignature.Verify(WeComVectors.EchoSignature, WeComVectors.Token, WeComVectors.Timestamp, WeComVectors.Nonce, WeComVectors.EchoStr));
    }

    [Fact]
    public void A_pushed_message_decrypts_to_the_documented_json_and_its_signature_holds()
    {
        Assert.Equal(WeComVectors.PostPlain, _crypto.Decrypt(WeComVectors.PostEncrypt));
        Assert.True(WeChatSignature.Verify(WeComVectors.PostSignature, WeComVectors.Token, WeComVectors.Timestamp, WeComVectors.Nonce, WeComVectors.PostEncrypt));
    }

    [Fact]
    public void The_passive_reply_is_written_sealed_and_signed_byte_for_byte_as_the_vector()
    {
        var plain = JsonSerializer.Serialize(
            WeComPlainReply.Finished("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=", "已受理，工单 0042，网格员会尽快联系。"), WeComJson.Wire.WeComPlainReply);

        Assert.Equal(WeComVectors.ReplyPlain, plain);
        Assert.Equal(WeComVectors.ReplyEncrypt, _crypto.Encrypt(plain, "aaaaaaaaaaaaaaaa"u8));
        Assert.Equal(WeComVectors.ReplySignature,
            WeChatSignature.Compute(WeComVectors.Token, WeComVectors.ReplyTimestamp, WeComVectors.Nonce, WeComVectors.ReplyEncrypt));
    }

    [Fact]
    public void A_message_sealed_for_another_receive_id_is_refused()
    {
        var ex = Assert.Throws<WeChatProtocolException>(() => _crypto.Decrypt(WeComVectors.SealedForCorp));

        Assert.Equal(WeChatRefusal.WrongAppId, ex.Refusal);
    }

    [Fact]
    public void An_official_account_envelope_refuses_a_frame_sealed_for_the_empty_receive_id()
    {
        var account = new WeChatMessageCrypto(WeComVectors.EncodingAesKey, "wx5823bf96d3bd56c7");

        var ex = Assert.Throws<WeChatProtocolException>(() => account.Decrypt(WeComVectors.EchoStr));

        Assert.Equal(WeChatRefusal.WrongAppId, ex.Refusal);
    }

    [Fact]
    public void A_receive_id_may_be_empty_but_not_missing()
    {
        Assert.Throws<ArgumentNullException>(() => new WeChatMessageCrypto(WeComVectors.EncodingAesKey, null!));
    }
}
