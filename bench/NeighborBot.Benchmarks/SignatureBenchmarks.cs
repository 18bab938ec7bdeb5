using BenchmarkDotNet.Attributes;
using NeighborBot.WeChat;

namespace NeighborBot.Benchmarks;

/// <summary>
/// The SHA-1 checks every callback pays: <c>signature</c> (token, timestamp, nonce) on every request,
/// and <c>msg_signature</c> (the same plus the ~600-character <c>Encrypt</c> text) in safe mode.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private string _signature = string.Empty;
    private string _encrypt = string.Empty;
    private string _msgSignature = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var crypto = new WeChatMessageCrypto(BenchAccount.EncodingAesKey, BenchAccount.AppId);
        _signature = WeChatSignature.Compute(BenchAccount.Token, BenchAccount.TimestampText, BenchAccount.Nonce);
        _encrypt = crypto.Encrypt(BenchAccount.TextXml());
        _msgSignature = WeChatSignature.Compute(BenchAccount.Token, BenchAccount.TimestampText, BenchAccount.Nonce, _encrypt);
    }

    [Benchmark(Description = "signature: verify")]
    public bool VerifySignature() =>
        WeChatSignature.Verify(_signature, BenchAccount.Token, BenchAccount.TimestampText, BenchAccount.Nonce);

    [Benchmark(Description = "msg_signature: verify")]
    public bool VerifyMsgSignature() =>
        WeChatSignature.Verify(_msgSignature, BenchAccount.Token, BenchAccount.TimestampText, BenchAccount.Nonce, _encrypt);

    [Benchmark(Description = "msg_signature: compute (reply)")]
    public string ComputeMsgSignature() =>
        WeChatSignature.Compute(BenchAccount.Token, BenchAccount.TimestampText, BenchAccount.Nonce, _encrypt);
}
