// The interface's icons: Lucide (ISC licence, lucide-static pinned in package.json), read as text at
// build time so the binary carries them and every OS shows the same shapes, with no emoji font needed.
import arrowLeft from "lucide-static/icons/arrow-left.svg" with { type: "text" };
import ban from "lucide-static/icons/ban.svg" with { type: "text" };
import bell from "lucide-static/icons/bell.svg" with { type: "text" };
import chartBar from "lucide-static/icons/chart-bar.svg" with { type: "text" };
import images from "lucide-static/icons/images.svg" with { type: "text" };
import camera from "lucide-static/icons/camera.svg" with { type: "text" };
import check from "lucide-static/icons/check.svg" with { type: "text" };
import checkCheck from "lucide-static/icons/check-check.svg" with { type: "text" };
import clock from "lucide-static/icons/clock.svg" with { type: "text" };
import eye from "lucide-static/icons/eye.svg" with { type: "text" };
import fileText from "lucide-static/icons/file-text.svg" with { type: "text" };
import mapPin from "lucide-static/icons/map-pin.svg" with { type: "text" };
import mic from "lucide-static/icons/mic.svg" with { type: "text" };
import music from "lucide-static/icons/music.svg" with { type: "text" };
import paperclip from "lucide-static/icons/paperclip.svg" with { type: "text" };
import sticker from "lucide-static/icons/sticker.svg" with { type: "text" };
import triangleAlert from "lucide-static/icons/triangle-alert.svg" with { type: "text" };
import user from "lucide-static/icons/user.svg" with { type: "text" };
import users from "lucide-static/icons/users.svg" with { type: "text" };
import video from "lucide-static/icons/video.svg" with { type: "text" };

const SOURCES = {
  back: arrowLeft,
  bell,
  image: camera,
  sent: check,
  delivered: checkCheck,
  clock,
  document: fileText,
  location: mapPin,
  voice: mic,
  audio: music,
  attach: paperclip,
  sticker,
  alert: triangleAlert,
  contact: user,
  group: users,
  video,
  poll: chartBar,
  album: images,
  deleted: ban,
  viewOnce: eye,
} as const;

export type IconName = keyof typeof SOURCES;

/** Only the shapes inside each file's <svg>: the Icon component writes its own outer element. */
function innerMarkup(svg: string): string {
  const open = svg.indexOf(">", svg.indexOf("<svg"));
  const close = svg.lastIndexOf("</svg>");
  return svg
    .slice(open + 1, close)
    .replace(/\s*\n\s*/g, "")
    .trim();
}

export const ICON_SHAPES: Record<IconName, string> = Object.fromEntries(
  Object.entries(SOURCES).map(([name, svg]) => [name, innerMarkup(svg)]),
) as Record<IconName, string>;
