#include "class_names.h"

#include <cstdint>

namespace mssar::data {

const std::vector<std::string>& cifar10_names() {
  static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                  "dog",      "frog",       "horse", "ship", "truck"};
  return names;
}

const std::vector<std::string>& cifar100_fine_names() {
  static const std::vector<std::string> names = {
      "apple",        "aquarium_fish", "baby",       "bear",       "beaver",      "bed",        "bee",
      "beetle",       "bicycle",       "bottle",     "bowl",       "boy",         "bridge",     "bus",
      "butterfly",    "camel",         "can",        "castle",     "caterpillar", "cattle",     "chair",
      "chimpanzee",   "clock",         "cloud",      "cockroach",  "couch",       "crab",       "crocodile",
      "cup",          "dinosaur",      "dolphin",    "elephant",   "flatfish",    "forest",     "fox",
      "girl",         "hamster",       "house",      "kangaroo",   "keyboard",    "lamp",       "lawn_mower",
      "leopard",      "lion",          "lizard",     "lobster",    "man",         "maple_tree", "motorcycle",
      "mountain",     "mouse",         "mushroom",   "oak_tree",   "orange",      "orchid",     "otter",
      "palm_tree",    "pear",          "pickup_truck", "pine_tree", "plain",      "plate",      "poppy",
      "porcupine",    "possum",        "rabbit",     "raccoon",    "ray",         "road",       "rocket",
      "rose",         "sea",           "seal",       "shark",      "shrew",       "skunk",      "skyscraper",
      "snail",        "snake",         "spider",     "squirrel",   "streetcar",   "sunflower",  "sweet_pepper",
      "table",        "tank",          "telephone",  "television", "tiger",       "tractor",    "train",
      "trout",        "tulip",         "turtle",     "wardrobe",   "whale",       "willow_tree", "wolf",
      "woman",        "worm"};
  return names;
}

const std::vector<std::string>& cifar100_coarse_names() {
  static const std::vector<std::string> names = {"aquatic_mammals",
                                                 "fish",
                                                 "flowers",
                                                 "food_containers",
                                                 "fruit_and_vegetables",
                                                 "household_electrical_devices",
                                                 "household_furniture",
                                                 "insects",
                                                 "large_carnivores",
                                                 "large_man-made_outdoor_things",
                                                 "large_natural_outdoor_scenes",
                                                 "large_omnivores_and_herbivores",
                                                 "medium_mammals",
                                                 "non-insect_invertebrates",
                                                 "people",
                                                 "reptiles",
                                                 "small_mammals",
                                                 "trees",
                                                 "vehicles_1",
                                                 "vehicles_2"};
  return names;
}

const std::vector<std::string>& mnist_names() {
  static const std::vector<std::string> names = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  return names;
}

const std::vector<std::string>& fashion_mnist_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

std::vector<std::string> text_lines(const std::vector<uint8_t>& bytes) {
  std::vector<std::string> lines;
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(" \t\r");
    size_t e = cur.find_last_not_of(" \t\r");
    if (b != std::string::npos) lines.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (uint8_t ch : bytes) {
    if (ch == '\n') flush();
    else cur.push_back(char(ch));
  }
  flush();
  return lines;
}

}  // namespace mssar::data
