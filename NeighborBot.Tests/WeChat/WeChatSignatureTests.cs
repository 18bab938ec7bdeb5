using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.WeChat;

public sealed class WeChatSignatureTests
{
    [Fact]
    public void The_url_signature_matches_the_recorded_vector()
    {
        Assert.Equal(Vectors.GetSignature, WeChatSignature.Compute(Vectors.Token, Vectors.Timestamp, Vectors.Nonce));
    }

    [Fact]
    public void The_official_msg_signature_covers_the_encrypt_text()
    {
        Assert.Equal(Vectors.OfficialMsgSignature,
            WeChatSignature.Compute(Vectors.Token, Vectors.Timestamp, Vectors.Nonce, Vectors.OfficialEncrypt));
        Assert.True(WeChatSignature.Verify(Vectors.OfficialMsgSignature, Vectors.Token, Vectors.Timestamp, Vectors.Nonce, Vectors.OfficialEncrypt));
    }

    [Fact]
    public void The_reply_vector_signature_matches()
    {
        Assert.Equal(Vectors.ReplyMsgSignature,
            WeChatSignature.Compute(Vectors.Token, Vectors.Timestamp, Vectors.Nonce, Vectors.ReplyEncrypt));
    }

    [Fact]
    public void An_uppercase_hex_signature_is_accepted()
    {
        Assert.True(WeChatSignature.Verify(Vectors.GetSignature.ToUpperInvariant(), Vectors.Token, Vectors.Timestamp, Vectors.Nonce));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("d2157f2f9079f4d6257b45edf665c43c62e60a0b")]
    [InlineData("d2157f2f9079f4d6257b45edf665c43c62e60a0")]
    [InlineData("zz157f2f9079f4d6257b45edf665c43c62e60a0a")]
    public void A_wrong_or_malformed_signature_is_refused(string? signature)
    {
        Assert.False(WeChatSignature.Verify(signature, Vectors.Token, Vectors.Timestamp, Vectors.Nonce));
    }

    [Fact]
    public void Parts_are_sorted_ordinally_not_by_culture()
    {
        // Ordinal order is "1" (0x31), "B" (0x42), "a" (0x61); a culture-aware sort would put "a" before "B".
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("1Ba"u8));
        Assert.Equal(expected, WeChatSignature.Compute("a", "1", "B"));
    }
}
