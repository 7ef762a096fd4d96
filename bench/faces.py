"""Face detector benchmark: time per photo and memory, for `make bench`.

    .venv/bin/python -m bench.faces [--photos 20]

Builds N phone-sized photos in memory (2560×1920 JPEG, as the upload form stores them:
half with three faces pasted from scikit-image's packaged portrait when it is installed,
half without people), then measures, in this process:
  - loading OpenCV and its Haar cascade (once per worker): seconds and resident memory;
  - the detector alone on each decoded photo (median, 95th percentile, max);
  - the upload request per photo (decode, orient, strip metadata, re-encode: detection is
    not in it) and the background scan task per photo (the stored JPEG read at reduced
    scale, then the detector), so what a 20-photo "Thêm nhiều ảnh" costs the request and
    then the worker;
  - resident memory (VmRSS / peak VmHWM) before and after.
CPU time is reported beside wall time: on a shared machine the wall time includes waiting.
Nothing is asserted: the figures go into the closing notes with the load average.
"""

import argparse
import io
import os
import statistics
import sys
import time


def memory_mb():
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def make_photos(count):
    from PIL import Image, ImageFilter

    portrait = None
    try:
        import importlib.resources

        path = importlib.resources.files("skimage") / "data" / "astronaut.png"
        with path.open("rb") as handle:
            portrait = Image.open(handle).convert("RGB").crop((120, 20, 340, 300))
    except (ImportError, FileNotFoundError):
        pass
    photos = []
    for number in range(count):
        picture = Image.effect_noise((640, 480), 40 + number).convert("RGB")
        picture = picture.resize((2560, 1920)).filter(ImageFilter.GaussianBlur(6))
        if portrait is not None and number % 2 == 0:
            big = portrait.resize((440, 560))
            for index, left in enumerate((200, 1000, 1800)):
                picture.paste(big, (left, 400 + 200 * index))
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=88)
        photos.append(buffer.getvalue())
    return photos, portrait is not None


def timed(function, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from PIL import Image

    from home.photos import faces
    from home.uploads import clean_image

    rss_start, _ = memory_mb()
    _, load_wall, load_cpu = timed(faces._classifier)  # imports OpenCV and numpy
    rss_loaded, _ = memory_mb()
    photos, with_faces = make_photos(args.photos)

    detect_wall, detect_cpu, found = [], [], []
    for data in photos:
        picture = Image.open(io.BytesIO(data))
        picture.load()
        boxes, wall, cpu = timed(faces.detect_faces, picture)
        detect_wall.append(wall)
        detect_cpu.append(cpu)
        found.append(len(boxes))

    # The upload request (detection is not in it) and the background scan task.
    upload_wall, upload_cpu, task_wall, task_cpu = [], [], [], []
    for number, data in enumerate(photos):
        upload = SimpleUploadedFile(f"IMG_{number:04}.jpg", data, "image/jpeg")
        stored, wall, cpu = timed(clean_image, upload)
        upload_wall.append(wall)
        upload_cpu.append(cpu)
        _, wall, cpu = timed(faces.faces_in_data, stored.read())
        task_wall.append(wall)
        task_cpu.append(cpu)
    rss_end, peak = memory_mb()

    def ms(values):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (
            f"trung vị {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, tối đa {max(values) * 1000:.0f} ms"
        )

    load = os.getloadavg()
    print(f"Bộ tìm khuôn mặt: {faces.detector_name()}, ảnh 2560×1920, dò ở {faces.DETECT_SIDE} px")
    print(
        f"Ảnh thử: {args.photos} (ảnh có 3 khuôn mặt: {'có' if with_faces else 'không có skimage'})"
    )
    print(f"Khuôn mặt tìm thấy mỗi ảnh: {found}")
    print(
        f"Nạp OpenCV + cascade: {load_wall:.2f} s (CPU {load_cpu:.2f} s), +{rss_loaded - rss_start:.0f} MB"
    )
    print(f"Chỉ dò mặt, mỗi ảnh: {ms(detect_wall)}; CPU {ms(detect_cpu)}")
    print(f"Yêu cầu tải lên (giải mã, xoay, bỏ metadata, nén lại), mỗi ảnh: {ms(upload_wall)}")
    print(f"  CPU: {ms(upload_cpu)}")
    print(f"Tác vụ nền tìm khuôn mặt (đọc tệp đã lưu + dò), mỗi ảnh: {ms(task_wall)}")
    print(f"  CPU: {ms(task_cpu)}")
    print(
        f"{args.photos} ảnh một lần “Thêm nhiều ảnh”: yêu cầu {sum(upload_wall):.1f} s "
        f"(CPU {sum(upload_cpu):.1f} s); tìm khuôn mặt sau đó ở worker {sum(task_wall):.1f} s "
        f"(CPU {sum(task_cpu):.1f} s)"
    )
    print(
        f"Bộ nhớ: đầu {rss_start:.0f} MB, sau khi nạp {rss_loaded:.0f} MB, cuối {rss_end:.0f} MB, đỉnh {peak:.0f} MB"
    )
    print(
        f"Tải máy (1/5/15 phút): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} trên {os.cpu_count()} lõi"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
