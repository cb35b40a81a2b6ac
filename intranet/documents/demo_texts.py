"""Texts of the demo documents: numbered headings as in the ward's report, plausible bodies.

The ward Political Report reuses the headings and wording of the seed report's parts III and
IV ("Kết quả đạt được…", "Quan điểm, mục tiêu, nhiệm vụ trọng tâm và các khâu đột phá…").
Each section is (level, number, heading, body); paragraphs are separated by newlines.
"""

from __future__ import annotations

SET_TITLE = ("Văn kiện Đại hội đại biểu Đảng bộ phường Thủy Nguyên lần thứ I, nhiệm kỳ "
             "2025 – 2030")

WARD_POLITICAL_REPORT = [
    (1, "I.", "Kết quả đạt được nhiệm kỳ 2020 - 2025",
     "Nhiệm kỳ 2020 - 2025, vượt lên những khó khăn, thách thức, Đảng bộ phường Thủy Nguyên "
     "đã phát huy truyền thống đoàn kết, thống nhất, sức mạnh tổng hợp của hệ thống chính trị "
     "và Nhân dân, tổ chức thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ phường, nhiệm kỳ "
     "2020 - 2025, đạt được kết quả quan trọng, khá toàn diện.\n"
     "Kinh tế trên địa bàn tiếp tục phát triển, tăng trưởng khá, đặc biệt là thương mại, dịch "
     "vụ; thu ngân sách đạt kết quả tốt, vượt kế hoạch Thành phố giao. Công tác quản lý theo "
     "quy hoạch, đầu tư xây dựng cơ bản, giải phóng mặt bằng được tập trung chỉ đạo, đẩy nhanh "
     "tiến độ; quản lý đất đai, trật tự đô thị, vệ sinh môi trường được chú trọng.\n"
     "Văn hoá - xã hội đạt nhiều kết quả tích cực; giáo dục và đào tạo được phát triển theo "
     "hướng chuẩn hoá, từng bước hiện đại hoá; bảo đảm các chính sách về an sinh xã hội. An "
     "ninh chính trị, trật tự an toàn xã hội được giữ vững.\n"
     "Công tác xây dựng Đảng được thực hiện đồng bộ, toàn diện; năng lực lãnh đạo, phương thức "
     "hoạt động của cấp ủy có nhiều chuyển biến, chất lượng, hiệu quả cao hơn."),
    (1, "II.", "Quan điểm, mục tiêu, nhiệm vụ trọng tâm và các khâu đột phá nhiệm kỳ "
               "2025 - 2030",
     "Với phương châm “Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển”, Đảng bộ phường "
     "xác định quan điểm, mục tiêu, nhiệm vụ, giải pháp chủ yếu giai đoạn 2025 - 2030."),
    (2, "1.", "Quan điểm phát triển",
     "(1). Tập trung xây dựng, chỉnh đốn Đảng và hệ thống chính trị thật sự trong sạch, vững "
     "mạnh, toàn diện, giữ vững vai trò lãnh đạo, cầm quyền của Đảng; lấy việc chăm lo và nâng "
     "cao chất lượng cuộc sống cho Nhân dân là mục tiêu và động lực phát triển của phường.\n"
     "(2). Xây dựng và phát triển phường trên cơ sở khai thác hiệu quả các lợi thế, tiềm năng "
     "của phường trung tâm về chính trị, hành chính của thành phố; tạo mọi điều kiện thuận lợi "
     "cho kinh tế tư nhân phát triển.\n"
     "(3). Lấy khoa học, công nghệ và đổi mới sáng tạo, chuyển đổi số làm động lực chủ yếu cho "
     "phát triển; xây dựng chính quyền liêm chính, hoạt động hiệu lực, hiệu quả.\n"
     "(4). Phát huy, khai thác các giá trị văn hoá, lịch sử để nâng cao đời sống tinh thần của "
     "người dân; thực hiện chủ trương “an sinh xã hội đi trước một bước”.\n"
     "(5). Kết hợp chặt chẽ giữa phát triển kinh tế, văn hóa - xã hội với bảo vệ môi trường; "
     "tăng cường bảo đảm an ninh, quốc phòng và đối ngoại."),
    (2, "2.", "Mục tiêu tổng quát đến năm 2030",
     "Đến năm 2030, phường Thủy Nguyên có tổ chức đảng và hệ thống chính trị trong sạch, vững "
     "mạnh; có nền hành chính hiệu năng, hiệu lực, hiệu quả, đạt chuẩn “chính quyền thân "
     "thiện”. Hệ thống hạ tầng đồng bộ, hiện đại; là đô thị xanh, thông minh, văn minh, bền "
     "vững; là trung tâm chính trị - kinh tế - văn hóa sôi động của thành phố Hải Phòng."),
    (2, "3.", "Nhiệm vụ trọng tâm",
     "Tập trung thực hiện mười một nhiệm vụ trọng tâm sau đây."),
    (3, "(1).", "Đổi mới phương thức lãnh đạo, chỉnh đốn Đảng, xây dựng Đảng bộ phường thật sự "
                "trong sạch, vững mạnh",
     "Tiếp tục đổi mới, nâng cao chất lượng công tác giáo dục chính trị, tư tưởng; nâng cao "
     "chất lượng và hiệu quả công tác kiểm tra, giám sát của Đảng."),
    (3, "(2).", "Phát triển kinh tế hiệu quả, bền vững",
     "Thúc đẩy phát triển mạnh mẽ ứng dụng khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi "
     "số và thực hiện cải cách hành chính; bảo đảm thu đúng, thu đủ, thu kịp thời."),
    (3, "(3).", "Quy hoạch, xây dựng, quản lý và phát triển đô thị đồng bộ, hiện đại, gắn với "
                "chuyển đổi số",
     "Hoàn thiện quy hoạch chi tiết các khu vực trung tâm; chỉnh trang, nâng cấp các khu dân "
     "cư hiện hữu; xây dựng cơ sở dữ liệu đô thị số."),
    (3, "(4).", "Tăng cường công tác quản lý đất đai, bảo vệ môi trường, đẩy nhanh tiến độ giải "
                "phóng mặt bằng",
     "Công khai, minh bạch trong bồi thường, hỗ trợ, tái định cư; xử lý dứt điểm các vi phạm "
     "về đất đai, trật tự xây dựng."),
    (3, "(5).", "Phát triển văn hóa, xây dựng người Hải Phòng thanh lịch, văn minh",
     "Bảo tồn, phát huy các di tích lịch sử - văn hóa; xây dựng tổ dân phố văn hóa, gia đình "
     "văn hóa thực chất."),
    (3, "(6).", "Phát triển giáo dục - đào tạo, nâng cao chất lượng nguồn nhân lực",
     "Đầu tư cơ sở vật chất trường học theo hướng chuẩn quốc gia; nâng cao chất lượng đội ngũ "
     "giáo viên."),
    (3, "(7).", "Bảo đảm an sinh xã hội, nâng cao chất lượng cuộc sống của Nhân dân",
     "Chăm lo người có công, hộ nghèo, người yếu thế, bảo đảm không ai bị bỏ lại phía sau."),
    (3, "(8).", "Củng cố vững chắc quốc phòng - quân sự địa phương; giữ vững an ninh chính trị, "
                "trật tự, an toàn xã hội",
     "Xây dựng thế trận quốc phòng toàn dân gắn với thế trận an ninh nhân dân; phấn đấu xây "
     "dựng phường không ma tuý."),
    (3, "(9).", "Nâng cao chất lượng hoạt động của hệ thống chính quyền",
     "Vận hành hiệu quả mô hình chính quyền địa phương hai cấp; nâng cao chất lượng phục vụ "
     "người dân, doanh nghiệp tại Trung tâm Phục vụ hành chính công."),
    (3, "(10).", "Nâng cao hiệu quả đấu tranh phòng, chống tham nhũng, tiêu cực; đẩy mạnh thực "
                 "hành tiết kiệm, chống lãng phí",
     "Tăng cường công khai, minh bạch trong hoạt động công vụ; kiểm soát tài sản, thu nhập "
     "của người có chức vụ, quyền hạn."),
    (3, "(11).", "Đổi mới nội dung, phương thức hoạt động của Ủy ban Mặt trận Tổ quốc Việt Nam "
                 "và các tổ chức chính trị - xã hội",
     "Phát huy vai trò giám sát, phản biện xã hội; tập hợp, đoàn kết các tầng lớp Nhân dân."),
    (2, "4.", "Các khâu đột phá",
     "(1) Đẩy mạnh ứng dụng khoa học - công nghệ, đổi mới sáng tạo và chuyển đổi số, cải cách "
     "hành chính, xây dựng chính quyền điện tử, “chính quyền số thân thiện”.\n"
     "(2) Tạo môi trường thuận lợi nhất để thu hút, khuyến khích đầu tư mới, trọng tâm là các "
     "loại hình thương mại, dịch vụ, các hoạt động kinh tế đêm trên nền tảng văn hoá.\n"
     "(3) Tập trung phát triển hạ tầng, chỉnh trang, hiện đại hoá đô thị hiện hữu; huy động "
     "nguồn lực, xúc tiến mở rộng không gian đô thị theo hướng xanh, văn minh, thông minh, "
     "bền vững."),
]

# What the revised draft (dự thảo lần 2) changes, by heading number: new body text.
WARD_POLITICAL_REPORT_REVISIONS = {
    "2.": ("Đến năm 2030, phường Thủy Nguyên có tổ chức đảng và hệ thống chính trị trong sạch, "
           "vững mạnh; có nền hành chính hiệu năng, hiệu lực, hiệu quả, đạt chuẩn “chính quyền "
           "thân thiện”; có đội ngũ cán bộ, công chức đáp ứng tốt yêu cầu nhiệm vụ. Hệ thống hạ "
           "tầng đồng bộ, hiện đại; là đô thị xanh, thông minh, văn minh, bền vững; là trung tâm "
           "chính trị - kinh tế - văn hóa sôi động của thành phố Hải Phòng; đời sống vật chất và "
           "tinh thần của người dân không ngừng được nâng cao."),
    "(3).": ("Hoàn thiện quy hoạch chi tiết các khu vực trung tâm; chỉnh trang, nâng cấp các "
             "khu dân cư hiện hữu, ưu tiên hệ thống thoát nước và chiếu sáng công cộng; xây dựng "
             "cơ sở dữ liệu đô thị số, công khai quy hoạch trên nền tảng số."),
    "(7).": ("Chăm lo người có công, hộ nghèo, người cao tuổi, người yếu thế; phát triển mạng "
             "lưới y tế cơ sở, bảo đảm không ai bị bỏ lại phía sau."),
    "(9).": ("Vận hành hiệu quả mô hình chính quyền địa phương hai cấp; nâng cao chất lượng "
             "phục vụ người dân, doanh nghiệp tại Trung tâm Phục vụ hành chính công; đẩy mạnh "
             "giải quyết thủ tục hành chính trực tuyến toàn trình."),
}

REVIEW_REPORT = [
    (1, "I.", "Kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ nhiệm kỳ 2020 - 2025",
     "Ban Chấp hành Đảng bộ đã tập trung lãnh đạo, chỉ đạo thực hiện Nghị quyết Đại hội; "
     "quán triệt, cụ thể hoá các chỉ thị, nghị quyết của Trung ương và Thành ủy."),
    (2, "1.", "Ưu điểm",
     "Giữ vững nguyên tắc tập trung dân chủ; đoàn kết, thống nhất trong lãnh đạo. Tập trung "
     "khắc phục hạn chế, khuyết điểm, tăng cường xây dựng, chỉnh đốn Đảng theo Nghị quyết "
     "Trung ương 4 (khóa XII) và Kết luận số 21-KL/TW, ngày 25/10/2021 Hội nghị Trung ương 4 "
     "(khoá XIII)."),
    (2, "2.", "Hạn chế, khuyết điểm",
     "Một số chỉ tiêu về giải phóng mặt bằng, chỉnh trang đô thị chưa đạt; việc cụ thể hoá "
     "một số nghị quyết còn chậm."),
    (2, "3.", "Nguyên nhân",
     "Nguyên nhân khách quan do tác động của dịch bệnh và sắp xếp đơn vị hành chính; nguyên "
     "nhân chủ quan do năng lực tham mưu của một số cơ quan còn hạn chế."),
    (1, "II.", "Bài học kinh nghiệm",
     "Phát huy sức mạnh đoàn kết; lấy Nhân dân làm trung tâm; đề cao trách nhiệm người đứng "
     "đầu."),
    (1, "III.", "Phương hướng khắc phục hạn chế, khuyết điểm",
     "Xây dựng kế hoạch khắc phục cụ thể, phân công rõ người, rõ việc, rõ thời hạn, rõ kết "
     "quả."),
]

RESOLUTION = [
    (1, "1.", "Thông qua Báo cáo chính trị và Báo cáo kiểm điểm của Ban Chấp hành Đảng bộ "
              "nhiệm kỳ 2020 - 2025",
     "Đại hội cơ bản tán thành những nội dung đánh giá tình hình thực hiện Nghị quyết Đại hội "
     "nhiệm kỳ 2020 - 2025 nêu trong Báo cáo chính trị."),
    (1, "2.", "Mục tiêu tổng quát",
     "Xây dựng phường Thủy Nguyên là đô thị xanh, thông minh, văn minh, hiện đại."),
    (1, "3.", "Các chỉ tiêu chủ yếu đến năm 2030",
     "Các chỉ tiêu về kinh tế, xã hội, môi trường và xây dựng Đảng theo phụ lục kèm theo."),
    (1, "4.", "Nhiệm vụ trọng tâm và các khâu đột phá",
     "Tập trung thực hiện 11 nhiệm vụ trọng tâm và 03 khâu đột phá đã xác định."),
    (1, "5.", "Thông qua Báo cáo tổng hợp ý kiến vào dự thảo văn kiện cấp trên",
     "Thông qua Báo cáo tổng hợp ý kiến vào dự thảo Văn kiện trình Đại hội XIV của Đảng và "
     "Báo cáo chính trị trình Đại hội Đảng bộ thành phố nhiệm kỳ 2025 – 2030."),
    (1, "6.", "Tổ chức thực hiện",
     "Ban Chấp hành Đảng bộ phường khóa mới lãnh đạo, chỉ đạo xây dựng chương trình hành "
     "động thực hiện Nghị quyết."),
]

NATIONAL_DRAFTS = [
    (1, "I.", "Dự thảo Báo cáo chính trị của Ban Chấp hành Trung ương Đảng khóa XIII",
     "Dự thảo trình Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, gửi lấy ý kiến theo "
     "hướng dẫn của Trung ương."),
    (2, "1.", "Đánh giá kết quả thực hiện Nghị quyết Đại hội XIII",
     "Phần đánh giá kết quả thực hiện Nghị quyết Đại hội XIII và những bài học kinh nghiệm."),
    (2, "2.", "Bối cảnh, quan điểm chỉ đạo và mục tiêu phát triển",
     "Phần dự báo bối cảnh, quan điểm chỉ đạo và mục tiêu phát triển đất nước thời kỳ mới."),
    (2, "3.", "Định hướng, nhiệm vụ và giải pháp chủ yếu",
     "Phần định hướng, nhiệm vụ, giải pháp về kinh tế, văn hóa, xã hội, quốc phòng, an ninh, "
     "đối ngoại và xây dựng Đảng."),
    (1, "II.", "Dự thảo Báo cáo tổng kết một số vấn đề lý luận và thực tiễn về công cuộc đổi "
               "mới theo định hướng xã hội chủ nghĩa trong 40 năm ở Việt Nam",
     "Dự thảo báo cáo tổng kết 40 năm đổi mới, gửi lấy ý kiến theo hướng dẫn của Trung ương."),
    (1, "III.", "Dự thảo Báo cáo tổng kết công tác xây dựng Đảng và thi hành Điều lệ Đảng",
     "Dự thảo báo cáo tổng kết công tác xây dựng Đảng nhiệm kỳ Đại hội XIII và thi hành Điều "
     "lệ Đảng."),
]

CITY_POLITICAL_REPORT = [
    (1, "I.", "Kết quả thực hiện Nghị quyết Đại hội Đảng bộ thành phố nhiệm kỳ 2020 - 2025",
     "Phần đánh giá kết quả thực hiện các chỉ tiêu, nhiệm vụ nhiệm kỳ 2020 - 2025 của thành "
     "phố."),
    (1, "II.", "Quan điểm, mục tiêu, nhiệm vụ và giải pháp nhiệm kỳ 2025 - 2030",
     "Phần quan điểm, mục tiêu, các chỉ tiêu chủ yếu và nhiệm vụ, giải pháp của thành phố."),
    (2, "1.", "Phát triển kinh tế nhanh, bền vững",
     "Định hướng phát triển công nghiệp, cảng biển, logistics, thương mại và dịch vụ."),
    (2, "2.", "Phát triển đô thị, hạ tầng và bảo vệ môi trường",
     "Định hướng phát triển đô thị, kết cấu hạ tầng và ứng phó biến đổi khí hậu."),
    (1, "III.", "Đề án “Xây dựng mô hình chủ nghĩa xã hội gắn với con người xã hội chủ nghĩa "
                "tại thành phố Hải Phòng”",
     "Đề án Xây dựng mô hình Chủ nghĩa xã hội gắn với con người xã hội chủ nghĩa tại thành phố "
     "Hải Phòng giai đoạn 2025 - 2030 và những năm tiếp theo."),
]

TOPICS = (
    "chuyển đổi số và chính quyền số", "cải cách hành chính", "giải phóng mặt bằng",
    "phát triển kinh tế tư nhân", "bảo vệ môi trường, xử lý rác thải", "an sinh xã hội",
    "giáo dục, đào tạo nguồn nhân lực", "công tác cán bộ", "phòng, chống tham nhũng, tiêu cực",
    "chỉnh trang đô thị", "bảo tồn di tích lịch sử - văn hóa", "y tế cơ sở",
    "an ninh trật tự ở tổ dân phố", "kinh tế đêm gắn với văn hóa", "thoát nước đô thị",
    "chăm lo người cao tuổi", "thu hút đầu tư", "công tác dân vận",
)
TEMPLATES = (
    "Nhất trí cao với nội dung dự thảo; đề nghị làm rõ hơn giải pháp về {topic}.",
    "Đề nghị bổ sung đánh giá về {topic} trong phần này.",
    "Cần cụ thể hóa chỉ tiêu về {topic} cho phù hợp với điều kiện thực tế của phường.",
    "Đề nghị nêu rõ nguồn lực và lộ trình thực hiện đối với {topic}.",
    "Nội dung về {topic} còn chung chung, đề nghị viết ngắn gọn, dễ hiểu hơn.",
    "Đề nghị nhấn mạnh vai trò của Nhân dân trong {topic}.",
    "Tán thành; đề nghị bổ sung cơ chế kiểm tra, giám sát việc thực hiện {topic}.",
    "Đề nghị đánh giá sát hơn những hạn chế về {topic} trong nhiệm kỳ qua.",
)
EXPLANATIONS = (
    "Nội dung này đã được thể hiện ở phần khác của dự thảo.",
    "Ý kiến mang tính cụ thể, sẽ được đưa vào chương trình hành động thực hiện Nghị quyết.",
    "Thuộc thẩm quyền của cấp trên; đã tổng hợp báo cáo.",
)
CLOSE_REASON = ("Đã tổng hợp đủ ý kiến của các tổ chức đảng trực thuộc và Nhân dân theo Kế "
                "hoạch của Ban Thường vụ.")
