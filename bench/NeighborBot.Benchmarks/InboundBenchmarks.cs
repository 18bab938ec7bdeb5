using BenchmarkDotNet.Attributes;
using NeighborBot.Simulator;
using NeighborBot.WeChat;

namespace NeighborBot.Benchmarks;

/// <summary>
/// From request body to typed message: the plaintext parse, and in safe mode the envelope read,
/// <c>msg_signature</c> check, AES decrypt and parse (<see cref="WeChatCallback.Open"/>).
/// The message is a resident's text of 35 Chinese characters.
/// </summary>
[MemoryDiagnoser]
public class InboundBenchmarks
{
    private readonly WeChatAccount _account = BenchAccount.Account;
    private byte[] _plainBody = [];
    private CallbackQuery _plainQuery = null!;
    private byte[] _safeBody = [];
    private CallbackQuery _safeQuery = null!;
    private string _encrypt = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        (_plainQuery, _plainBody) = BenchAccount.Request(DeliveryMode.Plaintext);
        (_safeQuery, _safeBody) = BenchAccount.Request(DeliveryMode.Safe);
        _encrypt = InboundMessageParser.ReadFields(_safeBody)["Encrypt"];
    }

    [Benchmark(Description = "plaintext: parse")]
    public InboundMessage ParsePlaintext() => InboundMessageParser.Parse(_plainBody);

    [Benchmark(Description = "plaintext: Open")]
    public InboundMessage OpenPlaintext() => WeChatCallback.Open(_account, _plainQuery, _plainBody);

    [Benchmark(Description = "safe: read envelope")]
    public int ReadEnvelope() => InboundMessageParser.ReadFields(_safeBody).Count;

    [Benchmark(Description = "safe: AES decrypt")]
    public byte[] Decrypt() => _account.Crypto!.DecryptToUtf8(_encrypt);

    [Benchmark(Description = "safe: Open (envelope+msg_signature+decrypt+parse)")]
    public InboundMessage OpenSafe() => WeChatCallback.Open(_account, _safeQuery, _safeBody);
}
