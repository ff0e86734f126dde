"""Simplified Chinese (zh-hans) for every translatable string of :mod:`shop.tailoring`.

``ZH_HANS`` maps each English msgid to its msgstr; the translation catalogue is generated
from it. A test checks that every ``_("...")`` in the package has an entry here and that
each entry keeps the same ``%(name)s`` placeholders.
"""

ZH_HANS: dict[str, str] = {
    # Garment types, sexes, fits.
    "Dress shirt": "正装衬衫",
    "Trousers": "西裤",
    "Suit jacket": "西装上衣",
    "Male": "男",
    "Female": "女",
    "Slim fit": "修身版",
    "Regular fit": "标准版",
    "Relaxed fit": "宽松版",
    # Errors: one value.
    "This measurement is required.": "请填写此项尺寸。",
    "“%(field)s” is not a measurement of this garment.": "“%(field)s”不是此款服装的量体项目。",
    "Enter a number of centimetres, such as 41.5.": "请输入以厘米为单位的数字，例如 41.5。",
    "Enter a finite number of centimetres.": "请输入有效的厘米数。",
    "Enter at most %(max_length)s characters.": "最多输入 %(max_length)s 个字符。",
    "Enter a measurement greater than 0 cm.": "请输入大于 0 厘米的尺寸。",
    "Enter a value between %(minimum)s cm and %(maximum)s cm.": (
        "请输入 %(minimum)s 厘米至 %(maximum)s 厘米之间的数值。"
    ),
    # Errors: cross-field rules.
    "The wrist (%(value)s cm) must be smaller than the bicep (%(other)s cm).": (
        "腕围（%(value)s 厘米）应小于上臂围（%(other)s 厘米）。"
    ),
    "The bicep (%(value)s cm) must be smaller than the chest (%(other)s cm).": (
        "上臂围（%(value)s 厘米）应小于胸围（%(other)s 厘米）。"
    ),
    "The neck (%(value)s cm) must be smaller than the chest (%(other)s cm).": (
        "颈围（%(value)s 厘米）应小于胸围（%(other)s 厘米）。"
    ),
    "The armhole (%(value)s cm) must be smaller than the chest (%(other)s cm).": (
        "臂根围（%(value)s 厘米）应小于胸围（%(other)s 厘米）。"
    ),
    "The thigh (%(value)s cm) must be smaller than the hip (%(other)s cm).": (
        "大腿围（%(value)s 厘米）应小于臀围（%(other)s 厘米）。"
    ),
    "The knee (%(value)s cm) must be smaller than the thigh (%(other)s cm).": (
        "膝围（%(value)s 厘米）应小于大腿围（%(other)s 厘米）。"
    ),
    "The ankle (%(value)s cm) must be smaller than the knee (%(other)s cm).": (
        "踝围（%(value)s 厘米）应小于膝围（%(other)s 厘米）。"
    ),
    "The inseam (%(value)s cm) must be shorter than the outseam (%(other)s cm).": (
        "内长（%(value)s 厘米）应短于裤长（%(other)s 厘米）。"
    ),
    "A waist of %(value)s cm is unlikely with a chest of %(other)s cm "
    "(expected %(minimum)s–%(maximum)s cm). Please measure again.": (
        "胸围 %(other)s 厘米时，腰围 %(value)s 厘米不太可能"
        "（应在 %(minimum)s–%(maximum)s 厘米之间）。请重新测量。"
    ),
    "A hip of %(value)s cm is unlikely with a chest of %(other)s cm "
    "(expected %(minimum)s–%(maximum)s cm). Please measure again.": (
        "胸围 %(other)s 厘米时，臀围 %(value)s 厘米不太可能"
        "（应在 %(minimum)s–%(maximum)s 厘米之间）。请重新测量。"
    ),
    "A shoulder width of %(value)s cm is too wide for a chest of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "胸围 %(other)s 厘米时，肩宽 %(value)s 厘米过宽（最多 %(maximum)s 厘米）。"
    ),
    "A back width of %(value)s cm is too wide for a chest of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "胸围 %(other)s 厘米时，背宽 %(value)s 厘米过宽（最多 %(maximum)s 厘米）。"
    ),
    "A sleeve length of %(value)s cm is too long for a height of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "身高 %(other)s 厘米时，袖长 %(value)s 厘米过长（最多 %(maximum)s 厘米）。"
    ),
    "A shirt length of %(value)s cm is too long for a height of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "身高 %(other)s 厘米时，衬衫衣长 %(value)s 厘米过长（最多 %(maximum)s 厘米）。"
    ),
    "A jacket length of %(value)s cm is too long for a height of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "身高 %(other)s 厘米时，上衣衣长 %(value)s 厘米过长（最多 %(maximum)s 厘米）。"
    ),
    "An outseam of %(value)s cm is too long for a height of %(other)s cm "
    "(at most %(maximum)s cm).": (
        "身高 %(other)s 厘米时，裤长 %(value)s 厘米过长（最多 %(maximum)s 厘米）。"
    ),
    # Sizes (GB/T 1335).
    "A waist of %(value)s cm is %(difference)s cm larger than the chest (%(other)s cm); "
    "few bodies are like this. Please check both, or confirm them below.": (
        "腰围 %(value)s 厘米比胸围（%(other)s 厘米）大 %(difference)s 厘米，这样的体型很少见。"
        "请核对这两项，或在下方确认。"
    ),
    "A chest of %(other)s cm is %(difference)s cm larger than the waist (%(value)s cm); "
    "few bodies are like this. Please check both, or confirm them below.": (
        "胸围 %(other)s 厘米比腰围（%(value)s 厘米）大 %(difference)s 厘米，这样的体型很少见。"
        "请核对这两项，或在下方确认。"
    ),
    "A sleeve length of %(value)s cm is unusual for a height of %(other)s cm (usually "
    "%(minimum)s–%(maximum)s cm). Please check it, or confirm it below.": (
        "身高 %(other)s 厘米时，袖长 %(value)s 厘米不常见（通常为 %(minimum)s–%(maximum)s 厘米）。"
        "请核对，或在下方确认。"
    ),
    "The chest is %(difference)s cm larger than the waist, more than the %(maximum)s cm "
    "of body type Y: GB/T 1335 has no size for this figure. A made-to-measure garment "
    "fits it all the same.": (
        "胸腰差为 %(difference)s 厘米，超过 Y 体型的 %(maximum)s 厘米："
        "GB/T 1335 中没有适合此体型的号型。量体定制的服装同样合身。"
    ),
    "The chest is only %(difference)s cm larger than the waist, less than the "
    "%(minimum)s cm of body type C: GB/T 1335 has no size for this figure. A "
    "made-to-measure garment fits it all the same.": (
        "胸腰差仅为 %(difference)s 厘米，小于 C 体型的 %(minimum)s 厘米："
        "GB/T 1335 中没有适合此体型的号型。量体定制的服装同样合身。"
    ),
    # Fabric consumption.
    "Enter a fabric width between %(minimum)s cm and %(maximum)s cm.": (
        "请输入 %(minimum)s 厘米至 %(maximum)s 厘米之间的面料幅宽。"
    ),
    "The fabric (%(width)s cm wide) is too narrow for this garment; "
    "it needs at least %(needed)s cm.": (
        "面料幅宽（%(width)s 厘米）对此款服装太窄，至少需要 %(needed)s 厘米。"
    ),
    "The measurement “%(measurement)s” is missing.": "缺少量体项目“%(measurement)s”。",
    "The finished dimension “%(dimension)s” is missing.": "缺少成衣尺寸“%(dimension)s”。",
    # Estimates.
    "Enter a height between %(minimum)s cm and %(maximum)s cm.": (
        "请输入 %(minimum)s 厘米至 %(maximum)s 厘米之间的身高。"
    ),
    "Enter a weight between %(minimum)s kg and %(maximum)s kg.": (
        "请输入 %(minimum)s 公斤至 %(maximum)s 公斤之间的体重。"
    ),
    "“%(size)s” is not a size we know; use XS to XXXL or a size such as 175/96A.": (
        "无法识别尺码“%(size)s”；请使用 XS 至 XXXL，或 175/96A 这样的号型。"
    ),
    # Prices.
    "Amounts must be decimal numbers.": "金额必须是十进制数字。",
    "This amount must not be negative.": "此金额不能为负数。",
    "The total must not be negative.": "总价不能为负数。",
    "Base price": "基础价格",
    "Fabric": "面料",
    # Finished garment dimensions.
    "Collar": "领围",
    "Chest": "胸围",
    "Waist": "腰围",
    "Hip": "臀围",
    "Shoulder width": "肩宽",
    "Back width": "背宽",
    "Armhole": "臂根围",
    "Sleeve length": "袖长",
    "Garment length": "衣长",
    "Bicep": "上臂围",
    "Cuff": "袖头",
    "Sleeve opening": "袖口",
    "Rise": "立裆",
    "Outseam": "裤长",
    "Inseam": "内长",
    "Thigh": "大腿围",
    "Knee": "膝围",
    "Hem opening": "脚口",
    # Body measurements: names, definitions, how to measure.
    "Height": "身高",
    "Standing height from the floor to the top of the head, without shoes.": (
        "赤脚站立时，从地面到头顶的高度。"
    ),
    "Stand with your back and heels against a wall, look straight ahead; lay a "
    "book flat on your head, mark the wall under it and measure from the floor.": (
        "背部和脚跟贴墙站立，目视前方；将一本书平放在头顶，在书下方的墙上做记号，再从地面量到记号。"
    ),
    "Neck": "颈围",
    "Girth of the neck at its base, where a shirt collar sits: just below the "
    "Adam's apple in front and over the prominent bone at the back of the neck.": (
        "颈根部一周，即衬衫领的位置：前面经过喉结下方，后面经过颈后突出的骨点（第七颈椎）。"
    ),
    "Keep the tape level and put one finger between the tape and the neck; do not "
    "pull it tight.": "软尺保持水平，在软尺与颈部之间留出一指的空间；不要拉紧。",
    "Girth of the chest (bust) at its fullest, under the armpits and across the "
    "shoulder blades, the tape level all round.": (
        "经过腋下和肩胛骨，沿胸部最丰满处水平围量一周。"
    ),
    "Arms relaxed at the sides, breathe out normally; the tape should be snug but "
    "not compress the chest. Wear a thin shirt or a non-padded bra.": (
        "双臂自然下垂，正常呼气；软尺应贴合但不压迫胸部。请穿薄衬衫或无衬垫的文胸测量。"
    ),
    "Girth of the natural waist: the narrowest part of the torso, usually just "
    "above the navel, the tape level all round.": (
        "自然腰线一周：躯干最细处，通常在肚脐稍上方，软尺水平围量。"
    ),
    "Stand relaxed and do not hold your stomach in; bend to one side, and where "
    "the body creases is the natural waist.": (
        "放松站立，不要收腹；向一侧弯腰，身体形成折痕的位置就是自然腰线。"
    ),
    "Girth of the hips and seat at their fullest, the tape level all round.": (
        "沿臀部最丰满处水平围量一周。"
    ),
    "Stand with your feet together and measure over thin clothing; check in a "
    "mirror that the tape is level at the back.": (
        "双脚并拢站立，隔着薄衣测量；对着镜子检查软尺在身后是否水平。"
    ),
    "Across the back from one shoulder point (the outer end of the shoulder bone) "
    "to the other, following the curve of the upper back.": (
        "从一侧肩端点（肩骨外端）沿上背部的弧度量到另一侧肩端点。"
    ),
    "Ask someone to help; find each shoulder point where the arm meets the "
    "shoulder and lay the tape over the back between them.": (
        "请他人协助；找到手臂与肩部相接处的两个肩端点，将软尺贴着后背量取两点之间的距离。"
    ),
    "Across the back between the folds where the arms join the body, halfway "
    "between the shoulders and the armpits.": (
        "在肩部与腋下之间的中间高度，量取后背两侧腋窝褶线之间的距离。"
    ),
    "Arms hanging relaxed; measure from one armpit fold to the other across the back.": (
        "双臂自然下垂；横过后背从一侧腋窝褶线量到另一侧。"
    ),
    "Girth around the top of the arm through the armpit and over the shoulder point.": (
        "经过腋下和肩端点，绕手臂根部一周。"
    ),
    "Let the arm hang; pass the tape under the armpit and over the shoulder point.": (
        "手臂自然下垂；软尺从腋下穿过，绕过肩端点。"
    ),
    "From the shoulder point down the outside of the arm, over the elbow, to the "
    "wrist bone.": "从肩端点沿手臂外侧，经过肘部，量到手腕骨。",
    "Bend the arm slightly and rest the hand on the stomach; measure from the "
    "shoulder point over the elbow to the wrist bone.": (
        "手臂微屈，手放在腹前；从肩端点经过肘部量到手腕骨。"
    ),
    "Girth of the upper arm at its fullest, about halfway between shoulder and elbow.": (
        "上臂最粗处一周，约在肩与肘的中间。"
    ),
    "Let the arm hang relaxed; do not flex the muscle.": "手臂自然放松下垂，不要绷紧肌肉。",
    "Wrist": "腕围",
    "Girth of the wrist just above the wrist bone, on the side of the hand.": (
        "紧贴手腕骨靠手掌一侧，绕手腕一周。"
    ),
    "Measure snugly; the cuff ease is added later, so do not add any.": (
        "贴合测量；袖头的放松量会另行加放，请不要自行加量。"
    ),
    "Shirt length": "衬衫衣长",
    "From the prominent bone at the base of the back of the neck straight down "
    "the centre back to where the shirt should end.": (
        "从颈后突出的骨点（第七颈椎）沿后中线垂直向下，量到衬衫下摆应到的位置。"
    ),
    "Stand straight; a shirt worn tucked in usually ends about 10 cm below the "
    "crotch, so it stays in when you sit; one worn outside ends around the middle "
    "of the seat.": (
        "站直；塞进裤子穿的衬衫一般到裆部以下约 10 厘米，坐下时不会脱出；外穿的衬衫到臀部中间左右。"
    ),
    "Jacket length": "上衣衣长",
    "From the prominent bone at the base of the back of the neck straight down "
    "the centre back to where the jacket should end.": (
        "从颈后突出的骨点（第七颈椎）沿后中线垂直向下，量到上衣下摆应到的位置。"
    ),
    "Stand straight; a classic jacket just covers the seat.": "站直；经典西装上衣刚好盖住臀部。",
    "Down the outside of the leg from the natural waist to where the trousers "
    "should end, usually the floor behind the heel.": (
        "从自然腰线沿腿外侧向下，量到裤脚应到的位置，通常是脚跟后方的地面。"
    ),
    "Stand straight without shoes; measure from the waist at the side down to "
    "the floor.": "赤脚站直；从体侧腰线量到地面。",
    "Down the inside of the leg from the crotch to where the trousers should end, "
    "usually the floor.": "从裆底沿腿内侧向下，量到裤脚应到的位置，通常是地面。",
    "Stand straight without shoes, feet slightly apart; measure from the crotch "
    "to the floor, or measure the inside leg of trousers that fit well.": (
        "赤脚站直，双脚稍分开；从裆底量到地面，或量一条合身裤子的内侧长度。"
    ),
    "Crotch depth": "股上长",
    "Seated on a flat hard chair: from the natural waist at the side straight down "
    "to the seat of the chair.": "坐在平整的硬椅上：从体侧自然腰线垂直量到椅面。",
    "Sit upright; hold a ruler upright against the hip and read it at the waist.": (
        "坐直；将直尺竖直贴在髋部，在腰线处读数。"
    ),
    "Girth of the thigh at its fullest, just below the crotch.": "紧贴裆底下方，大腿最粗处一周。",
    "Stand with the weight on both legs and keep the tape level.": (
        "双腿均匀承重站立，软尺保持水平。"
    ),
    "Girth of the leg around the middle of the kneecap.": "经过膝盖骨中部，绕腿一周。",
    "Stand with the leg straight but not locked.": "腿伸直站立，但不要绷紧膝盖。",
    "Ankle": "踝围",
    "Girth of the leg at its narrowest, just above the ankle bone.": ("踝骨上方腿部最细处一周。"),
    "Measure snugly; the hem width is set by the fit, not by adding ease here.": (
        "贴合测量；裤脚宽度由版型决定，请不要在此加量。"
    ),
}
