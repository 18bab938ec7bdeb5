namespace NeighborBot.Intake;

/// <summary>
/// The built-in rules, written as residents type (they are normalised like messages, so 俺/咋/啥 forms work too).
/// Space-separated phrase lists keep the tables readable; configuration adds to them (<see cref="IntakeOptions"/>).
/// </summary>
internal static class IntakeDefaults
{
    /// <summary>Category, weight, phrases. Matching is leftmost-longest, so a longer phrase hides the shorter ones inside it.</summary>
    public static readonly (string Category, int Weight, string Phrases)[] Keywords =
    [
        (IntakeCategories.Repair, 3, """
            路灯 楼道灯 声控灯 感应灯 照明灯 停电 停水 断电 断水 没电了 没水了 没有电了 没有水了 全楼都没电 水龙头 马桶 下水道 下水管
            水管 暖气 暖气片 门禁 对讲 道闸 水压 热水器 跳闸 电闸 漏水 渗水 返水 合页 玻璃碎 扶手 台阶 路面 冻裂 电动门
            防盗门 单元门 没热水 没有热水 充电桩 燃气灶 报修 灯坏 灯不亮 电梯坏 电梯停 电梯门 电梯按钮 电梯故障 电梯又坏 电梯老是坏 管子冻
            拧不紧 漫步机 人脸识别 闸机 按了没反应 不出水 燃气表 水表 电表 不走字 水发黄 卷帘门 车库门 信报箱
            """),
        (IntakeCategories.Repair, 2, """
            插座 充不上电 打不着火 打不着 一直亮 电梯 坏了 不亮 漏了 堵了 不通 管子 龙头 窗户 玻璃 楼梯 门铃 坑 塌 螺丝 松动 健身器材
            器材 秋千 滑梯 跷跷板 单杠 双杠 长椅 座椅 滴答 按钮 认不出 不好使 失灵 冰凉 不暖和 自来水 发黄 铁锈 浑浊 门掉了 升不上去
            降不下来 信箱
            """),
        (IntakeCategories.Repair, 1, "卫生间 灯 修 维修 晃 松了 掉了 裂了 不动了 没反应 关不上 关不严 关不紧 打不开 开不开 抬不起来 一闪一闪 灭了 不灵 停了 卡住 滴 堵 漏 故障 毛病 不热 黑"),

        (IntakeCategories.Hazard, 3, """
            飞线充电 飞线 拉电线 扯根线 拉着插线板 插线板 电线露 露在外面 裸露 老化 消防通道 杂物 裂缝 缝子 墙上裂 外墙 瓷砖掉
            往下扔 高空抛物 砸到人 差点砸 灭火器 消防栓 井盖 电动车充电 上楼充电 充电 电池 广告牌 结冰 要倒 树歪 危险 隐患 电线
            占用楼道 堆放 堆东西 外机架子 墙打裂 刮倒 树倒了 被风刮 冻成冰 结了冰 结成冰 冰溜子 冰面 上冻了 枯树 枯枝 死树
            """),
        (IntakeCategories.Hazard, 2, "护栏 栏杆 掉下来 台风 燃气 煤气 天然气 液化气 滑 堵死 堆满 堆了 裂了好几道"),
        (IntakeCategories.Hazard, 1, "煤气罐"),

        (IntakeCategories.Dispute, 3, """
            邻居 吵架 矛盾 纠纷 调解 评理 闹翻 噪音 扰民 蹦迪 咚咚 跺脚 拖椅子 拖东西 不拴绳 狗叫 狗咬 咬到 嚎 地锁 不认账 房租 租客
            打架 摄像头 广场舞 大喇叭 音响 装修 电钻 楼上那家 楼上邻居 楼下那家 楼下邻居 对门 隔壁 吵死 太吵 吵得 吵到 停我车位
            车位上 骂人 不听 不乐意 不挪 打起来 婆婆 儿媳 两口子 往下扫 漏到我家 漏水到我家 拍球 一天到晚叫 洗衣服 打桩 施工噪音
            圈起来 圈了一块 圈地 霸占 占为己有 种菜 种了菜 开荒
            """),
        (IntakeCategories.Dispute, 2, "施工 楼上 说了 找他 找他们 找他家 半夜 不让人休息 睡不着 车位 狗 遛狗 说他 敲门 不改 不接 不开门 不交 不搬 划了 吵"),
        (IntakeCategories.Dispute, 1, "不管"),

        (IntakeCategories.Consult, 3, """
            养老金 养老保险 医保 社保 低保 补贴 津贴 证明 户口 居住证 办证 残疾证 残疾人 老年卡 老年证 独生子女 失业金 退休 丧葬费
            公租房 廉租房 疫苗 体检 入学 上学 上小学 备案 异地就医 上牌 政策 改造 年审 补办 出生证 就业 失业 当志愿者 高龄
            滞纳金 自来水费 燃气费 天然气费 煤气费 液化气费 水费 电费 暖气费 取暖费 缴费 电话多少 电话是多少 联系方式 几点上班 几点下班 几点开门
            """),
        (IntakeCategories.Consult, 1, "请问"),
        (IntakeCategories.Consult, 2, """
            申请 办理 怎么办 去哪办 在哪办 去哪开 在哪开 材料 手续 能领 怎么领 领取 交多少 涨多少 想问 问一下 问问 咨询 怎么弄
            报名 需要什么 需要带 能办 条件 什么时候发 发不发 还要交 在哪交 在哪打 预约 怎么续 能补吗 能开 有没有份 能不能上 怎么加入 加入
            多少钱 收多少 怎么交 怎么缴
            """),

        (IntakeCategories.Property, 3, """
            物业费 保安 门禁卡 停车费 停车卡 停车收费 收费 绿化 修剪 草坪 不作为 物业经理 维修基金 公示 押金 快递 登记 业主 巡逻
            账目 态度 爱答不理 推来推去 维修电话 换物业 没人值班 不在岗 脱岗 外面的车 外来车 外卖 工资 拖欠 电梯广告 物业不管 物业客服 管家
            """),
        (IntakeCategories.Property, 1, "不管事 上班时间"),
        (IntakeCategories.Property, 2, "物业 涨价 涨 只租不卖 锁了 锁门 关门太早 进不来 回不来 乱收费 不干活 只知道收钱 收钱 监控 停车 停车场 租金 谁都能进 横冲直撞 通知"),

        (IntakeCategories.Environment, 3, """
            垃圾 老鼠 蟑螂 蚊子 苍蝇 臭味 臭气 发臭 臭得 熏死 狗屎 狗粑粑 粪便 拉屎 死老鼠 死猫 建筑垃圾 装修垃圾 装修剩下 旧沙发
            旧床垫 旧家具 小广告 油烟 污水 化粪池 积水 打扫 卫生 保洁 落叶 烟头 瓜子皮 蛆 流浪猫 养鸡 烂菜叶 烧纸 河道 发黑 打药
            全是烟头 都是烟头 有烟头 满地烟头 一地烟头 好多烟头
            打点药 粪水 污水井 剩饭 剩菜 泔水 厨余 小便 尿骚味 骚味 随地大小便 灰尘 灰老厚 脏水 乱倒 乱扔 溢出来 没人收 没人清 没人扫
            没人倒 没人清理 拉走 清理 味儿大 味道大 恶心
            """),
        (IntakeCategories.Environment, 1, "灰"),
        (IntakeCategories.Environment, 2, "尿 落灰 臭 脏 满了 满地 到处都是 到处是 不收拾"),

        (IntakeCategories.Fraud, 3, """
            诈骗 骗子 骗局 被骗 骗 上当 冒充 公检法 公安局 警察 涉嫌 洗钱 安全账户 中奖 刷单 返利 验证码 屏幕共享 链接 冻结 保证金
            手续费 垫付 转账 转钱 打钱 汇款 贷款 客服 保健品 讲座 推销 投资 年化 扫码 礼品 自称 真的假的 靠谱吗 可信不 是真的吗
            是不是真的 百万保障 app 保释 赔钱 退款 异常 低息 免费送 听课 挨家挨户 银行卡 身份证 存款 网友 被抓 出车祸 打电话说
            电话说 靠谱不 靠不靠谱 能信不 能信吗 可信吗 可靠吗 转了钱 汇了钱 打了钱 钱转过去 钱汇过去 钱打过去 拉黑
            """),
        (IntakeCategories.Fraud, 2, "打电话让 让我交 付款 低价卖 游戏装备 接到电话 接了个电话 接到一个电话 短信 加qq qq 升级 认证 交钱 说是 包裹 传单 领导"),
        (IntakeCategories.Fraud, 1, "电话"),

        (IntakeCategories.Wish, 3, """
            想要 微心愿 心愿 希望有人 希望能有人 有人陪 陪我 陪她 陪他 陪着 独居 孤寡 空巢 收音机 轮椅 助听器 老花镜 拐棍 拐杖
            教我 血压计 电热毯 放大镜 暖水瓶 棉鞋 播放器 手环 课外书 买不起 够不着 送上来 理发 理个发 剪个头 剪个发 洗个头 助浴 剪头
            读信 穿针 穿不上针 教教 学用 想学 学学 合影 过生日 说说话 聊天 晒晒 搬不动 拿不动 扛不动 提不动 请志愿者 来看看我 对联
            打扫打扫 收拾不动 帮我买 有没有人教 谁能教 一个人住 一个人在家 找人帮 找人给 找人陪 找人代 防走失 走丢过 走失过
            """),
        (IntakeCategories.Wish, 2, "出不了门 上门看 医生上门 来教 帮我 老伴 腿脚不好 腿不好 眼睛不好 眼睛花 眼睛不行 耳朵背 孩子都在外地 不在身边 有志愿者 帮帮忙"),
        (IntakeCategories.Wish, 1, "希望 老人 志愿者 不得劲"),

        // Phrases that mean nothing here but would otherwise be read as a keyword inside them.
        (IntakeOptions.IgnoreKey, 0, """
            燃气公司 燃气费 天然气费 煤气费 液化气费 燃气欠费 手机快没电 手机没电 打火机 黑灯瞎火 单元门口 车库门口 门口 楼上没有人住
            楼上没人住 大学 停气 说了算 隔壁小区 别的小区 其他小区 里面有人抽烟 里有人抽烟 里面有人吸烟
            找人修 找人来 找人看 找人弄 找人瞅 找人过来 找人上门
            倒灌烟 往屋里倒灌烟 灌烟 风往里灌 风直往里灌 风呼呼往里灌 往里灌风 灌风
            """),
    ];

    /// <summary>Hazard, the category its urgent problems get, phrases that make a message urgent.</summary>
    public static readonly (string Hazard, string Category, string Phrases)[] Urgent =
    [
        (IntakeHazards.Gas, IntakeCategories.Hazard, """
            燃气味 煤气味 天然气味 液化气味 燃气泄漏 煤气泄漏 天然气泄漏 漏气 闻到燃气 闻到煤气 闻到天然气 煤气中毒 气管子断 燃气管断
            气管断 燃气报警 报警器响 报警器一直响 报警器在响 燃气管道断 天然气管子断 燃气管子断 煤气管子断 天然气管断 煤气管断 煤气管道断
            臭鸡蛋味 臭鸡蛋的味 臭鸡蛋一样的味 不敢开灯 不敢开电灯 不敢点火 不敢开火 不敢打火
            """),
        (IntakeHazards.Fire, IntakeCategories.Hazard, """
            火蹿 火窜 蹿到 窜到旁边 着火 起火 失火 火灾 烧起来 烧着了 冒烟 冒黑烟 浓烟 有烟 烟很大 烟好大 好呛 火苗 火光 火挺大 火很大 大火 火势 打119 着了火 点着了 着起来了 燃起来了 烧焦 焦味
            这么大烟 烟越来越 烟味越来越 呛死了 呛得 楼道里都是烟 满楼道 全是烟 一屋子烟 火老大 火好大 往外冒烟 浓得
            车着了 电动车着了 电瓶车着了 车棚着了 棚子着了 屋里着了 家里着了 楼道着了 厨房着了 锅着了
            箱子着了 纸箱着了 草着了 枯草都着了 垃圾着了 杂物着了 被子着了 窗帘着了 沙发着了 树着了
            像烧塑料 像烧电线 烧塑料的味 烧电线的味 烧胶皮 自燃 爆燃
            """),
        (IntakeHazards.Electric, IntakeCategories.Hazard, "冒火花 火花 打火 冒火星 火星子 有火星 漏电 触电 被电了 电着了 电线烧 电线着火 短路 焦糊味 糊味"),
        (IntakeHazards.Elevator, IntakeCategories.Repair, """
            困人 被困 困在 关着人 里面关着 人在里面 里面有人 里面有个人 里面有老人 里面有个老人 里面有小孩 里面有孩子 在里面出不来
            里面出不来 电梯里出不来 卡在电梯 困电梯 关电梯里 困电梯里 卡电梯里 关在电梯 电梯里关 电梯关人 电梯关了人 电梯里困
            电梯把人关 被关在 被困在 关在里面 关在里头 困在里头 卡在里头
            关到人 关着个 在里头喊 在里面喊 开着门就 开着门走 开着门往 开着门上 开着门下 门开着就 门开着往 门没关就走 门没关就往 门没关上就 门还开着就
            就那样往上走 就那样往下走 开着门跑 门开着跑 往下掉了好几层 卡在两层之间 不上不下 停半道 半道停了 停在半道 卡半道 卡在半道 卡电梯了 电梯坠落 坠了好几层
            """),
        (IntakeHazards.Flood, IntakeCategories.Repair, """
            水管爆 管子爆 管爆了 爆管 水漫 淹了 进水了 没过脚 到处是水 水流成河 往外喷 哗哗 止不住 水淹 被淹 倒灌 灌进来 往屋里灌
            屋里全是水 家里全是水 满屋子水 满屋子的水 一屋子水 一屋子的水 泡水了 泡在水里 都泡了 水没过 没过膝盖 没过脚脖子
            往下灌 漏成瀑布 像瀑布 往屋里淌 往家里淌 往屋里流 水柱 崩开了 往里灌 马上进屋 漫进屋 流到客厅
            盆都接不住 盆都接不过来 接都接不住 接不过来 咋接得住 怎么接得住 漏得跟筛子 漏得像筛子 床都湿透 水喷一屋 喷了一屋 喷一屋子
            跟下雨一样 跟下雨似的 像下雨一样 像下雨似的 和下雨一样 流了一地 淌了一地 淌得一地 往下浇 直接浇
            """),
        (IntakeHazards.Fall, IntakeCategories.Wish, """
            摔倒 跌倒 晕倒 昏倒 倒在地上 倒地 躺地上 起不来 站不起来 腿使不上劲 叫不醒 不省人事 昏迷 流血 摔地上 摔在地上 爬不起来 栽倒 晕过去 昏过去
            压在车底下 压在车下面 压在底下 压底下了 被压住了 被压在 翻沟里 栽沟里 掉沟里
            """),
        (IntakeHazards.FallingObject, IntakeCategories.Hazard, "摇摇欲坠 要掉下来 随时会砸 砸下来 快掉了 要塌了 要砸到 砸到人了 砸伤 砸到头 刚掉下来 悬在半空"),
        (IntakeHazards.Violence, IntakeCategories.Dispute, """
            打起来了 动手了 动刀 拿刀 拿着刀 拿着棍子 拿棍子 喊救命 打得很凶 打人了 拿菜刀 拿着菜刀 持刀 砍人 捅人 头破血流
            在打老婆 打老婆了 又在打老婆 在打媳妇 打媳妇了 在打孩子 在打小孩 一直在打小孩 扇耳光 掐脖子 掐着脖子 正在砸 在砸门 砸门 砸东西 要砍我 说要砍 说要杀
            要打死 正打哩 正打呢 打他媳妇 打他老婆 打自己媳妇 打自己老婆 扭打 抄起菜刀 抄起刀 在家暴 家暴我 踹我家门 在踹门 踹门 要弄死我 弄死你 弄死他
            撕扯起来 撕打起来 厮打起来 打成一团 扭成一团 揪头发 扯头发 推搡起来 拉扯起来 砸烂 推到墙上 推墙上 往墙上推 往墙上撞 推倒在地 按在地上打
            """),
        (IntakeHazards.Missing, IntakeCategories.Wish, """
            走丢了 走失 老人不见了 孩子不见了 找不到人了 找不到老人 找不着老人 找不到孩子 找不着孩子 找不到我妈 找不到我爸 找不着我妈
            找不着我爸 找不到我家 找不着我家 孩子丢了 老人丢了 人丢了 失联 寻人 人没回来 都找过了没找着 到处找不着 到处找不到 急寻
            """),
        (IntakeHazards.SelfHarm, IntakeCategories.Hazard, """
            跳楼 要跳 轻生 自杀 割腕 喝药 想不开 不想活了 不想活 不活了 活着没意思 活着没劲 活够了 寻短见 寻死 上吊 跳河 跳湖 喝农药
            往下跳 要往下跳 跳下去 吃安眠药 站在楼顶 站楼顶 站到楼顶 站在天台 站天台 站到天台 楼顶边 天台边 爬上楼顶 爬到楼顶 爬上天台
            爬到天台 坐在楼顶 坐在天台 坐在窗台上 翻到窗户外 腿耷拉在外 腿搭在外 腿悬在外
            """),
        (IntakeHazards.Fraud, IntakeCategories.Fraud, """
            安全账户 正在转账 马上就转 要把存款 存款都转 都转过去 转到他给的 转到他的卡 又让转 还让转 又要转
            拦不住 拦都拦不住 去银行的路上 在去银行 在银行了 去银行转 正在汇款 钱在转 钱在往外转 在往外转 正往外转 一直往外转 正在被转
            正往银行走 往银行走 在银行门口 就在银行 在atm 在取款机 atm机跟前 atm机这里 正在柜台 在柜台 念给人家 念给他 报给他 正在输 在输密码 正在输密码 装到一半
            正在装 开屏幕共享 开着屏幕共享 共享屏幕了 在操作 正在操作 还在电话上 他还在催 还在那催 还要一个 在电话那头等
            把存折拿出来 存折都拿出来 存折拿出来了 拿着存折 排队交钱 正在交钱 在交钱了
            已经去银行 已经在银行 已经到银行 去取钱了 取钱去了
            填一半 填了一半 正扫着 正在扫码 在那刷卡 正在刷卡 排队刷卡 钱都取出来 钱已经取出来 钱取好了 排队交定金 在线上等我 线上等我 在线等我
            """),
    ];

    /// <summary>
    /// Co-occurrence rules: an anchor and a cue at most a window of characters apart in one sentence (either order).
    /// With a hazard the rule makes the problem urgent (its category is the hazard's); without, it adds weight to a category.
    /// "Unless" phrases between the two, or before both in the window, stop the rule ("已经…转过去 现在…" is money gone, not going).
    /// An anchor written "-转告" is no anchor: it hides the shorter anchors inside it ("转"), as ignored keywords do.
    /// </summary>
    public static readonly (string? Hazard, string Category, int Weight, int Window, string Anchors, string Cues, string Unless)[] Pairs =
    [
        // Money leaving now or about to: a transfer verb with an in-progress or imminent marker.
        (IntakeHazards.Fraud, IntakeCategories.Fraud, 3, 10, """
            转账 转钱 转款 钱转 往外转 转到卡 转到账户 转给他 转给她 转给对方 汇款 汇钱 钱汇 打钱 打款 钱打 取钱 取现 取存款
            个税 手续费 保证金 解冻费 解冻金 提现 充值 放款
            """, """
            网银都打开 打开网银 网银打开 充还是不充 交还是不交 转还是不转 交不交 转不转 充不充 还没转 还没交 还没充
            正在 正要 这就 马上 立刻 立马 现在 此刻 这会儿 赶紧 急着 要去 准备 打算 非要 非得 一定要 要把 要给 拦不住 拦不下 劝不住 劝不听
            不听劝 谁劝 说不听 共享屏幕 屏幕共享 开着视频 开视频 电话没挂 一直没挂 还在打电话 一直在打电话 去银行 在银行 银行门口
            柜台 atm 取款机 自助机 又让 还让 一笔一笔 一笔接一笔 一条接一条 还在转 一直在
            """, "已经 刚才 刚刚 昨天 前天 之前 上次 上周 上个月 去年 前几天 以前 追回 退回 要回 让我 叫我 要我"),

        // "正在转", "这就要汇", "非要转": the bare verb right after the marker. Words with 转 in other senses hide it.
        (IntakeHazards.Fraud, IntakeCategories.Fraud, 3, 3, """
            转 汇 -运转 -旋转 -好转 -扭转 -打转 -周转 -逆转 -回转 -掉转 -流转 -辗转 -转动 -转弯 -转身 -转圈 -转转 -转悠 -转告 -转发
            -转学 -转交 -转达 -转让 -转租 -转卖 -转移 -转车 -转机 -转院 -转正 -转业 -转到 -转给 -转过来 -汇报 -汇总 -汇合 -汇集
            -表一直在转 -表在转 -表还在转 -表一直转 -表也在转 -扇一直在转 -扇在转
            """, "正在 正要 这就 马上 立刻 立马 现在就 非要 非得 急着 赶紧 准备 还在 一直在 去银行 在银行 atm 取款机", "让我 叫我 要我"),

        // Someone in a lift that has stopped.
        (IntakeHazards.Elevator, IntakeCategories.Repair, 3, 6, "电梯 轿厢", """
            关着人 关着个 关着俩 关着两 关了人 关人 关里面 关里头 困着 困住 困里面 困里头 卡里面 卡里头 卡在里面 卡着人 卡住人
            困了人 困了个 困了一个 出不来 我出不去 出不去了 里出不去 扒不开 掰不开 扒门 在里面 在里头 里边有人 里头有人 里面有 里头有 里边有 里面还有 里头还有
            里边还有 拍门 按警铃 喊救命
            """, "抽烟 吸烟 尿 吐 广告 贴 乱画 狗 垃圾 味 东西 快递 电动车 电瓶车 自行车 推车 车子"),

        // A lift moving with its doors open: told with its movement, it needs nobody's corroboration.
        (IntakeHazards.Elevator, IntakeCategories.Repair, 3, 4, "开着门 门开着 门没关 门都没关 不关门 门关不上", "上下跑 上下走 跑 往上走 往下走 上去了 下去了 在走 运行 升 降", ""),

        // Gas told by its smell or sound near where gas is.
        (IntakeHazards.Gas, IntakeCategories.Hazard, 3, 8, """
            燃气 煤气 天然气 液化气 燃气灶 煤气灶 灶台 灶上 灶那 气罐 煤气罐 液化气罐 燃气表 气表 气管 气阀 燃气管 燃气管道
            """, "味 味道 气味 味儿 呲呲 嘶嘶 滋滋 丝丝 咝咝 漏了 在漏 往外漏 漏出来 呲气 往外呲 冒气 嗤嗤 跑气", ""),

        // Smoke told by how much of it there is ("烟老大了 都看不清了"); tobacco, cooking and a fire lit on purpose are not.
        (IntakeHazards.Fire, IntakeCategories.Hazard, 3, 4, "烟 -抽烟 -吸烟 -烟头 -香烟 -烟花 -油烟 -烟囱 -烟民 -烟酒 -烟感 -烟灰 -烟味 -烟雾报警", """
            老大 好大 太大 很大 可大 真大 贼大 特别大 好多 滚滚 直冒 往上冒 往外冒 往屋里 满屋 一屋子 看不清
            """, "烟不大 烧垃圾 烧纸 烧秸秆 烧树叶"),

        // An app or a link a caller had the resident open, already on the phone.
        (IntakeHazards.Fraud, IntakeCategories.Fraud, 3, 14, "app 软件 下载 链接 二维码", "下好了 装好了 装上了 下载好了 点进去了 已经下了 已经装了", "咋装 怎么装 如何装 咋下 怎么下"),

        // A battery or a charger that burst or is burning ("电动车电池炸了 在烧"); one about to is a worry.
        (IntakeHazards.Fire, IntakeCategories.Hazard, 3, 8, "电池 电瓶 电动车 电车 充电器 车棚 充电棚", "炸了 在烧 烧起来 着起来", "快 要 会 怕"),

        // A lift door open onto the shaft, with no car behind it.
        (IntakeHazards.Elevator, IntakeCategories.Repair, 3, 8, "电梯", "没轿厢 没有轿厢 轿厢不在 看不见轿厢 空的井", ""),

        // A person fallen or not answering.
        (IntakeHazards.Fall, IntakeCategories.Wish, 3, 8, Persons, """
            摔了 摔地上 摔在地上 摔到地上 摔着了 摔一跤 摔了一跤 倒了 倒在 躺在地上 躺地上 爬不起来 没动静 叫不应 喊不应 叫不答应
            喊不答应 不应声 一动不动 躺着不动 晕过去 昏过去 栽倒 滑倒 磕破 磕到头 磕着头 头破了 都在地上
            坐地上 坐在地上 趴在地上 趴地上 扶不起来 扶不起 拉不起来 踩空 一脚踩空 滚下来 滚了好几 半天不醒 喊不醒 推不醒
            """, ""),

        // A person nobody has seen or heard for days, behind a door that does not open.
        (IntakeHazards.Fall, IntakeCategories.Wish, 3, 14, Persons, """
            敲门不开 敲门没人应 敲门没人开 敲门不应 敲门也不应 敲门没动静 敲门也没动静 没见着人 好几天没见 两天没见 三天没见 几天没见
            没见出来 没见他出来 没见她出来 奶没拿 报纸没拿 报纸堆 报纸塞满
            """, ""),

        // A person lost and confused in the street.
        (IntakeHazards.Missing, IntakeCategories.Wish, 3, 12, Persons, """
            迷路 迷了路 说不清住哪 说不清自己住 说不清家在 找不着家 找不到家 不认得家 不记得家 不知道家在 问他住哪 问她住哪
            """, ""),

        // Card details or a code being typed into what a scammer sent.
        (IntakeHazards.Fraud, IntakeCategories.Fraud, 3, 14, "银行卡 卡号 密码 验证码 身份证号", """
            还没输 输不输 能给他不 能给她不 给不给他 给不给她 等着回他 等着回她 让我念 让我报
            刚输完 输完了 输了一半 都输了 输进去了 还没点确定 没点确定 还没确认 刚填完 填完了 正在填 正在输 告诉人家了 告诉他了 告诉对方了 告诉那人了 给人家了 给那人了 交给人家了
            """, "咋 怎么 如何"),

        // "谁见我妈了": someone asking who has seen a person.
        (IntakeHazards.Missing, IntakeCategories.Wish, 3, 4, "谁见 谁看见 谁瞅见 谁见过 有没有人看见 有没有人见", Persons, ""),

        // A person missing.
        (IntakeHazards.Missing, IntakeCategories.Wish, 3, 10, Persons + " 痴呆 老年痴呆 糊涂 阿尔茨海默", """
            不见了 找不着了 找不到了 找不见了 找不到人 找不着人 没回来 没回家 没有回来 没有回家 还没回 一直没回 一夜没回 一晚上没回
            联系不上 没影了 走丢 走失
            """, "自行车 电动车 电瓶车 快递 钥匙 钱包 手机 包裹 东西 狗 猫 蛇 鸡 鸭 衣服 被子 鞋 银行卡 证件 书包 玩具 工作 消息 回复 信息 防 眼睛 看不见 瞧不见 走丢过 走失过 丢过一回 丢过一次"),

        // Something up high about to come down where people walk.
        (IntakeHazards.FallingObject, IntakeCategories.Hazard, 3, 8, """
            外机 空调 广告牌 招牌 铁皮 彩钢瓦 玻璃 窗户 窗框 瓷砖 外墙 墙砖 树枝 树杈 大树 花盆 雨棚 遮阳棚 防盗窗 晾衣架
            冰溜子 冰柱 冰凌 屋檐 灯箱 架子 石块 砖 铝框 窗扇
            """, """
            悬着 悬在 吊着 耷拉着 耷拉下来 晃得厉害 晃来晃去 一直晃 直晃 来回晃 在那晃 在晃 刚掉下来 刚掉了 刚刚掉 掉下来了
            往下掉 砸到人 砸到车 要掉 快掉 随时会掉 随时掉 掉了一半 挂在外面 那儿晃 那晃
            """, ""),

        // Water coming into a home.
        (IntakeHazards.Flood, IntakeCategories.Repair, 3, 4, "漫到 漫进 漫过 淹到 灌进 流进 流到 淌进 淌到 灌到 涌进 灌 往里流 往家里流 往屋里流", """
            屋 家里 家 客厅 卧室 厨房 房间 床 地板 楼道 地下室 车库 一楼
            """, "烟 味 灰 气 风 声"),
        (IntakeHazards.Flood, IntakeCategories.Repair, 3, 6, "水管 管子 暖气片 暖气管 水龙头 阀门 水表 总阀 热水器 水箱", """
            爆了 爆开 崩了 裂开了 喷水 往外喷 直喷 呲水 滋水 喷了一屋子 喷得到处
            """, ""),

        // A fight with a weapon or blood.
        (IntakeHazards.Violence, IntakeCategories.Dispute, 3, 10, "打架 打起来 打人 动手 追着 砍", "刀 棍 砖头 铁锹 斧子 酒瓶 见血 流血 头破", ""),

        // Fumes from a coal stove or a water heater: someone dizzy, sick or not waking near it.
        (IntakeHazards.Gas, IntakeCategories.Hazard, 3, 16, "煤球炉 煤炉 炉子 蜂窝煤 煤火 炭火 炭盆 烤火 热水器", """
            头晕 头疼 头痛 想吐 恶心 不醒 叫不醒 喊不醒 迷糊 晕乎 晕了 站不稳 脸红红
            """, "没有 不晕 没事 昨天 上次 去年 以前"),

        // A switch box crackling like firecrackers.
        (IntakeHazards.Electric, IntakeCategories.Hazard, 3, 10, "配电箱 电表箱 电箱 电闸 闸盒 插座 插排 插线板", """
            噼里啪啦 噼啪 啪啪响 放鞭炮 砰的一声 嘭的一声 炸了一下 一响一下
            """, ""),

        // Someone not home, and the family out looking.
        (IntakeHazards.Missing, IntakeCategories.Wish, 3, 16, "没回来 没回家 还没回 没见回来", "分头在找 分头去找 分头找 到处找 出去找 满小区找 找了一圈 找遍", """
            自行车 电动车 电瓶车 快递 钥匙 钱包 手机 包裹 狗 猫 鸡 鸭
            """),

        // An elderly person kept at a sales talk until they pay.
        (IntakeHazards.Fraud, IntakeCategories.Fraud, 3, 14, "保健品 理财 投资 会销 讲座 养生馆 体验店", "不让走 扣着 逼着 非要他 非要她 今天交钱 现在交钱 马上交钱", "没买 没交 没给 不买"),

        // Two-wheelers left anyhow are a matter of order (environment); a car in someone's space stays a dispute.
        (null, IntakeCategories.Environment, 3, 6, "电动车 电瓶车 自行车 单车 共享单车", "乱停 乱放 乱摆 到处停 横七竖八 东一辆西一辆 停得到处都是 乱七八糟", ""),

        // A question about a property service (permits, cards, face records, parking) is for the property company.
        (null, IntakeCategories.Property, 4, 10, "装修", """
            手续 审批 许可 报备 备案 押金 申请 办理 要办 办什么 需要什么 要带 要交 交多少 多少钱 流程 有什么规定 有啥规定
            """, ""),
        (null, IntakeCategories.Property, 4, 10, "门禁卡 门卡 人脸 刷脸 停车卡 月卡 电梯卡 车位 停车位 临时停车 出入证", """
            怎么办 在哪办 去哪办 找谁办 办理 要办 补办 补一张 申请 多少钱 押金 收费 录入 录 登记 怎么弄 怎么搞 怎么用 要带 需要什么
            手续 开通 注册
            """, ""),

        // A fault that keeps the resident awake is still a fault, not a quarrel.
        (null, IntakeCategories.Repair, 3, 10, "水龙头 龙头 水管 马桶 水泵 水箱 暖气 暖气片", "吵 睡不着 响", ""),

        // Sewage spreading outdoors is for the cleaners, a blocked pipe in a building for the repairers.
        (null, IntakeCategories.Environment, 3, 8, "污水 粪水 脏水 臭水 下水道 下水井 污水井 窨井 化粪池 粪", """
            路上 马路 路面 小区里 院子 院里 草坪 绿化带 楼前 楼后 外面
            """, ""),
    ];

    /// <summary>Ways residents name a person (for falls and missing people).</summary>
    private const string Persons = """
        老人 老人家 老太太 老太 老头 老头子 老爷子 老大爷 大爷 大娘 大妈 奶奶 爷爷 姥姥 姥爷 外婆 外公 我妈 我爸 我娘 我爹 老娘 老爹
        老妈 老爸 老伴 母亲 父亲 婆婆 公公 岳父 岳母 丈母娘 老公 媳妇 老婆 阿姨 叔叔 伯伯 孩子 小孩 孙子 孙女 外孙 外孙女 儿子 闺女
        女儿 小朋友 学生
        """;

    /// <summary>Public place as it goes on the ticket, then other ways of writing it.</summary>
    public static readonly (string Place, string Aliases)[] Places =
    [
        ("东门", "东大门 小区东门"),
        ("西门", "西大门 小区西门"),
        ("南门", "南大门 小区南门"),
        ("北门", "北大门 小区北门"),
        ("正门", "小区正门"),
        ("大门", "小区大门 小区门口"),
        ("后门", "小区后门"),
        ("侧门", ""),
        ("广场", "中心广场 小广场 文化广场"),
        ("地下车库", "地库 地下停车场"),
        ("停车场", "露天停车场"),
        ("车棚", "自行车棚 电动车棚 充电棚"),
        ("健身器材", "健身区 健身场地 健身角"),
        ("小花园", "中心花园"),
        ("物业办公室", "物业服务中心 物业办"),
        ("垃圾站", "垃圾房 垃圾中转站 垃圾收集点"),
        ("篮球场", ""),
        ("儿童乐园", "儿童游乐场 游乐场 游乐区"),
        ("凉亭", "亭子"),
        ("活动中心", "老年活动中心 活动室 老年活动室"),
        ("门卫室", "门岗 传达室"),
        ("社区服务中心", "党群服务中心"),
        ("幼儿园", "幼儿园门口 幼儿园门前"),
        ("主干道", "小区主干道 主路"),
    ];

    /// <summary>Words that look like a place name but are not one.</summary>
    public const string NotPlaces = "广场舞 单元大门 楼道大门 入户大门 家大门";

    /// <summary>Heard or typed → meant: voice-input homophones, common typos, Henan dialect.</summary>
    public const string Corrections = """
        炉灯=路灯 楼水=漏水 漏谁=漏水 店题=电梯 点题=电梯 电题=电梯 电提=电梯 垫梯=电梯 然气=燃气 燃汽=燃气 然汽=燃气 燃起味=燃气味 煤汽=煤气
        找火=着火 着伙=着火 停点=停电 水笼头=水龙头 下水到=下水道 楼到灯=楼道灯 楼到=楼道 物叶=物业 拉圾=垃圾 垃级=垃圾 蟑郎=蟑螂
        燥音=噪音 帐户=账户 转帐=转账 帐号=账号 医包=医保 电瓶车=电动车 电驴=电动车 木有=没有 木人=没人 冇=没 俺=我 恁=你
        电体=电梯 单园=单元 单远=单元 好楼=号楼 两号楼=二号楼 而单元=二单元 死号楼=四号楼 气号楼=七号楼 幺幺号楼=十一号楼 幺号楼=一号楼 幺单元=一单元 马通=马桶 停店=停电 验证吗=验证码
        灯怀了=灯坏了 怀掉了=坏掉了 水龙投=水龙头 下水道赌=下水道堵 马桶赌=马桶堵 液化汽=液化气 天然汽=天然气 漏点了=漏电了 冒火化=冒火花
        验证马=验证码 安全通到=安全通道 门进卡=门禁卡 监空=监控 电悌=电梯 跳匝=跳闸 跳扎=跳闸
        咋=怎么 啥=什么 中不中=行不行 弄啥嘞=干什么呢 哩=的 夜儿个=昨天 老些=很多 咱=我
        """;

    /// <summary>Phrases that mark a message that is not a new ticket, by what it is instead.</summary>
    public static readonly (IntakeSignal Signal, string Phrases)[] Signals =
    [
        (IntakeSignal.Thanks, "谢谢 感谢 多谢 辛苦了 辛苦你们 辛苦啦 谢了 谢啦 thank thanks thx 3q 太好了 点赞 给力"),
        (IntakeSignal.Progress, """
            修好了吗 修好了没 修好没 好了没 好了吗 什么时候修 什么时候来 什么时候能修 什么时候处理 什么时候能好 什么时候弄 还没修
            怎么还没 还没人来 还没来 进度 处理到哪 处理得怎么样 处理的怎么样 怎么样了 有结果了吗 有结果没 有人接单 接单了没 有人管吗
            有人管没 到现在也没 到现在还没 没见人 怎么还是那样 还是没人 还没有人 等了好几天 一直没人来
            几点能到 几点到 什么时候到 等了一上午 等了一下午 哪一步 到哪了 到哪一步 弄到哪 修到哪 咋样了 啥时候修 啥时候来 啥时候能好
            有信儿没 有消息没 有消息吗
            """),
        (IntakeSignal.PriorReport, """
            我报的 我报了 报修的 我报修 报修了 报的那个 报的那 上次报 之前报 前天报 昨天报 反映的 反映过 反映了 报了好几天 报过 工单 上次说 昨天说
            之前说 说好的 已经报了 打过电话 次电话 上回说 上次反映 上午报的 早上报的 下午报的 刚才报的 昨晚报的
            """),
        (IntakeSignal.Cancel, "算了 取消 不用了 不需要了 撤销 撤回 不用来了 别来了 不麻烦了 不用麻烦了 不用管了 不修了 不用修了 不用修啦 先撤了 撤了吧 撤掉吧"),
        (IntakeSignal.Greeting, "你好 您好 在吗 在不在 有人吗 有人不 有人在吗 有人在没 有人没 " + FestivalGreetings + " hello hi hey 哈喽 早上好 早啊 早安 上午好 中午好 下午好 晚上好 喂喂"),
        (IntakeSignal.Resolved, "修好了 弄好了 已经好了 解决了 处理好了 搞定了 来电了 来水了 修好啦 没事了 已经修好 能用了 恢复了 恢复正常 亮了 通了"),
        (IntakeSignal.Doubt, """
            靠谱吗 靠谱不 靠不靠谱 靠谱么 真的假的 是真的吗 是不是真的 能信吗 能信不 可信吗 可信不 可靠吗 可靠不 是骗子吗 是不是骗
            是骗人 骗人的吧 是诈骗 是不是诈骗 会不会是骗 靠得住吗 靠得住不 能点吗 能点不 能不能点 敢点吗 敢点不 点了没事吧 能不能信
            """),
        (IntakeSignal.Advert, """
            加微信 加我微信 高价回收 拎包入住 有意者 招聘 兼职 日结 代理加盟 优惠活动 低价出售 出租房屋 房屋出租 欢迎来电 上门回收
            """),
    ];

    /// <summary>At the start of a message: the resident is fixing what they said before.</summary>
    public const string CorrectionStarts = "我刚才说的是 刚才说的是 我说的是 应该是 不对 不是 错了 说错了 搞错了 写错了 打错了 更正 纠正 不好意思说错了 定位飘了 定位不准 定位错了 其实是";

    /// <summary>Greetings of a festival ("过年好 给你拜个早年"): greetings, which the bot returns.</summary>
    public const string FestivalGreetings = "过年好 新年好 新年快乐 春节快乐 拜年 拜个早年 拜个年 节日快乐 元旦快乐 中秋快乐 端午安康";

    /// <summary>Starts that look like a correction but are not: "不是我说，物业也太…".</summary>
    public const string NotCorrectionStarts = "不是我说 不是说 不是吧 不是不";

    /// <summary>
    /// Words that start a further problem in the same message; "还有人把电瓶车推进楼道充电" (somebody else doing
    /// something) is one too, unlike "还有人在里面".
    /// </summary>
    public const string Connectors = "还有 另外 再一个 再就是 再有 而且 顺便 同时 以及 对了 第二 第三 其次 二是 还有人把 还有人往 还有人乱 还有人老 还有人天天 还有人总 一个是 另一个是 另一个 还一个 还一件 另一件";

    /// <summary>
    /// Look like a connector but go on with the same problem: "还有人在里面", and a smell, sound or smoke that tells more
    /// of what was just described ("冒火星子 还有焦糊味", "水发黄 还有一股铁锈味").
    /// </summary>
    public const string NotConnectors = """
        还有人 还有点 还有些 还有没有 还有的 第二天 第三天 第二次 第三次 同时间 还有一股 还有股 还有味 还有异味 还有臭味 还有焦糊味
        还有糊味 还有焦味 还有声音 还有响声 还有火星 还有烟
        """;
}
